namespace ParticipantData.Emulator;

/// <summary>
/// The contended world for emulated calls: a timeline that moves each call IVR → queue → alerting → connected →
/// wrap-up, with DTMF and hold events and a simulated Architect flow that runs Set Participant Data on its own
/// schedule and writes back what it read when the IVR flow ends (architect.md A.9). Every step is a commit to
/// the conversation's versioned state, so it makes concurrent external writes fail with <c>409</c>.
/// Set <see cref="EmulatorOptions.Lifecycle"/> for every call, or <see cref="NewConversation.Lifecycle"/> for one.
/// Every duration and interval is stretched by a seeded random factor in [1 − <see cref="Jitter"/>, 1 + <see cref="Jitter"/>].
/// An interval of zero turns that kind of event off. Defaults are listed in docs/emulator.md.
/// </summary>
public sealed record LifecycleOptions
{
    /// <summary>False turns the lifecycle off (for one conversation when the host's is on). Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Time in the IVR (the inbound call flow) before the call is transferred to the queue. Default 8 s.</summary>
    public TimeSpan IvrDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Time waiting in the queue before an agent is alerted. Default 6 s.</summary>
    public TimeSpan QueueDuration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Time the agent's phone rings before the agent answers. Default 4 s.</summary>
    public TimeSpan AlertingDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Talk time, from the agent answering to the customer hanging up. Default 180 s.</summary>
    public TimeSpan ConnectedDuration { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>After-call work of the agent; when it ends, the conversation ends. Default 30 s.</summary>
    public TimeSpan WrapUpDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Relative spread of every duration and interval, in [0, 1). Default 0.25 (±25 %).</summary>
    public double Jitter { get; init; } = 0.25;

    /// <summary>Mean time between DTMF digits while in the IVR. Default 2 s.</summary>
    public TimeSpan DtmfInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Mean time between the flow's Set Participant Data writes, in the IVR and in queue. Default 1 s.</summary>
    public TimeSpan FlowWriteInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Keys the flow's Set Participant Data writes on the customer, one per write in turn, with the value
    /// <c>flow-N</c> (N counts the conversation's flow writes from 1). Default <c>ivr.menu</c>, <c>ivr.language</c>, <c>ivr.intent</c>.
    /// </summary>
    public IReadOnlyList<string> FlowWriteKeys { get; init; } = ["ivr.menu", "ivr.language", "ivr.intent"];

    /// <summary>When, after the IVR starts, the flow runs Get Participant Data on the customer. Default 1 s.</summary>
    public TimeSpan FlowReadDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Keys the flow's Get Participant Data reads. Null (the default) reads every attribute the customer holds
    /// at that moment.
    /// </summary>
    public IReadOnlyList<string>? FlowReadKeys { get; init; }

    /// <summary>
    /// When the IVR flow ends, it writes its copy (what it read, updated by what it set) back to the customer,
    /// overwriting values written from outside in the meantime. Default true.
    /// </summary>
    public bool WriteBack { get; init; } = true;

    /// <summary>
    /// With <see cref="FlowReadKeys"/> given: a listed key that was not set when read is written back as an empty
    /// string when true. Default false: the flow variable stays NOT_SET and the key is not written back.
    /// </summary>
    public bool WriteBackUnsetKeys { get; init; }

    /// <summary>
    /// The user's flow for the IVR phase (<c>pdata emulator --flow</c>): it runs at <see cref="FlowReadDelay"/> in place
    /// of the built-in flow's reads and writes, its Transfer to ACD names the queue, and its write-back lands when the
    /// IVR ends. Null (the default): the built-in simulated flow.
    /// </summary>
    public Lifecycle.IIvrFlow? Flow { get; init; }

    /// <summary>Mean time between holds while connected. Default 45 s.</summary>
    public TimeSpan HoldInterval { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>How long a hold lasts. Default 10 s.</summary>
    public TimeSpan HoldDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>What is out of range, naming the setting; null when the options are valid.</summary>
    internal string? Problem()
    {
        (bool Valid, string Name, string Problem)[] checks =
        [
            (IvrDuration > TimeSpan.Zero, nameof(IvrDuration), "must be positive"),
            (QueueDuration > TimeSpan.Zero, nameof(QueueDuration), "must be positive"),
            (AlertingDuration > TimeSpan.Zero, nameof(AlertingDuration), "must be positive"),
            (ConnectedDuration > TimeSpan.Zero, nameof(ConnectedDuration), "must be positive"),
            (WrapUpDuration > TimeSpan.Zero, nameof(WrapUpDuration), "must be positive"),
            (Jitter is >= 0 and < 1, nameof(Jitter), "must be at least 0 and less than 1"),
            (DtmfInterval >= TimeSpan.Zero, nameof(DtmfInterval), "must not be negative"),
            (FlowWriteInterval >= TimeSpan.Zero, nameof(FlowWriteInterval), "must not be negative"),
            (FlowReadDelay >= TimeSpan.Zero, nameof(FlowReadDelay), "must not be negative"),
            (HoldInterval >= TimeSpan.Zero, nameof(HoldInterval), "must not be negative"),
            (HoldDuration > TimeSpan.Zero, nameof(HoldDuration), "must be positive"),
            (FlowWriteKeys is not null && FlowWriteKeys.All(k => !string.IsNullOrEmpty(k)), nameof(FlowWriteKeys), "must be a list of non-empty keys"),
            (FlowReadKeys is null || FlowReadKeys.All(k => !string.IsNullOrEmpty(k)), nameof(FlowReadKeys), "must hold non-empty keys"),
            (FlowWriteKeys is null || FlowWriteKeys.Count > 0 || FlowWriteInterval == TimeSpan.Zero, nameof(FlowWriteKeys), "must name at least one key while FlowWriteInterval is not zero"),
        ];
        return checks.FirstOrDefault(c => !c.Valid) is { Name: not null } failed ? $"LifecycleOptions.{failed.Name} {failed.Problem}." : null;
    }
}
