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
    /// <summary>Default of <see cref="IvrDuration"/>: 8 s.</summary>
    public static readonly TimeSpan DefaultIvrDuration = TimeSpan.FromSeconds(8);

    /// <summary>Default of <see cref="QueueDuration"/>: 6 s.</summary>
    public static readonly TimeSpan DefaultQueueDuration = TimeSpan.FromSeconds(6);

    /// <summary>Default of <see cref="AlertingDuration"/>: 4 s.</summary>
    public static readonly TimeSpan DefaultAlertingDuration = TimeSpan.FromSeconds(4);

    /// <summary>Default of <see cref="ConnectedDuration"/>: 180 s.</summary>
    public static readonly TimeSpan DefaultConnectedDuration = TimeSpan.FromSeconds(180);

    /// <summary>Default of <see cref="WrapUpDuration"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultWrapUpDuration = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="Jitter"/>: 0.25.</summary>
    public const double DefaultJitter = 0.25;

    /// <summary>Default of <see cref="DtmfInterval"/>: 2 s.</summary>
    public static readonly TimeSpan DefaultDtmfInterval = TimeSpan.FromSeconds(2);

    /// <summary>Default of <see cref="FlowWriteInterval"/>: 1 s.</summary>
    public static readonly TimeSpan DefaultFlowWriteInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default of <see cref="FlowReadDelay"/>: 1 s.</summary>
    public static readonly TimeSpan DefaultFlowReadDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default of <see cref="HoldInterval"/>: 45 s.</summary>
    public static readonly TimeSpan DefaultHoldInterval = TimeSpan.FromSeconds(45);

    /// <summary>Default of <see cref="HoldDuration"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultHoldDuration = TimeSpan.FromSeconds(10);

    /// <summary>Default of <see cref="FlowWriteKeys"/>: <c>ivr.menu</c>, <c>ivr.language</c>, <c>ivr.intent</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultFlowWriteKeys = ["ivr.menu", "ivr.language", "ivr.intent"];

    /// <summary>False turns the lifecycle off (for one conversation when the host's is on).</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Time in the IVR (the inbound call flow) before the call is transferred to the queue.</summary>
    /// <value>Default <see cref="DefaultIvrDuration"/> (8 s).</value>
    public TimeSpan IvrDuration { get; init; } = DefaultIvrDuration;

    /// <summary>Time waiting in the queue before an agent is alerted.</summary>
    /// <value>Default <see cref="DefaultQueueDuration"/> (6 s).</value>
    public TimeSpan QueueDuration { get; init; } = DefaultQueueDuration;

    /// <summary>Time the agent's phone rings before the agent answers.</summary>
    /// <value>Default <see cref="DefaultAlertingDuration"/> (4 s).</value>
    public TimeSpan AlertingDuration { get; init; } = DefaultAlertingDuration;

    /// <summary>Talk time, from the agent answering to the customer hanging up.</summary>
    /// <value>Default <see cref="DefaultConnectedDuration"/> (180 s).</value>
    public TimeSpan ConnectedDuration { get; init; } = DefaultConnectedDuration;

    /// <summary>After-call work of the agent; when it ends, the conversation ends.</summary>
    /// <value>Default <see cref="DefaultWrapUpDuration"/> (30 s).</value>
    public TimeSpan WrapUpDuration { get; init; } = DefaultWrapUpDuration;

    /// <summary>Relative spread of every duration and interval, in [0, 1).</summary>
    /// <value>Default <see cref="DefaultJitter"/> (0.25, ±25 %).</value>
    public double Jitter { get; init; } = DefaultJitter;

    /// <summary>Mean time between DTMF digits while in the IVR.</summary>
    /// <value>Default <see cref="DefaultDtmfInterval"/> (2 s).</value>
    public TimeSpan DtmfInterval { get; init; } = DefaultDtmfInterval;

    /// <summary>Mean time between the flow's Set Participant Data writes, in the IVR and in queue.</summary>
    /// <value>Default <see cref="DefaultFlowWriteInterval"/> (1 s).</value>
    public TimeSpan FlowWriteInterval { get; init; } = DefaultFlowWriteInterval;

    /// <summary>
    /// Keys the flow's Set Participant Data writes on the customer, one per write in turn, with the value
    /// <c>flow-N</c> (N counts the conversation's flow writes from 1).
    /// </summary>
    /// <value>Default <see cref="DefaultFlowWriteKeys"/>: <c>ivr.menu</c>, <c>ivr.language</c>, <c>ivr.intent</c>.</value>
    public IReadOnlyList<string> FlowWriteKeys { get; init; } = DefaultFlowWriteKeys;

    /// <summary>When, after the IVR starts, the flow runs Get Participant Data on the customer.</summary>
    /// <value>Default <see cref="DefaultFlowReadDelay"/> (1 s).</value>
    public TimeSpan FlowReadDelay { get; init; } = DefaultFlowReadDelay;

    /// <summary>
    /// Keys the flow's Get Participant Data reads. Null reads every attribute the customer holds
    /// at that moment.
    /// </summary>
    /// <value>Default null.</value>
    public IReadOnlyList<string>? FlowReadKeys { get; init; }

    /// <summary>
    /// When the IVR flow ends, it writes its copy (what it read, updated by what it set) back to the customer,
    /// overwriting values written from outside in the meantime.
    /// </summary>
    /// <value>Default true.</value>
    public bool WriteBack { get; init; } = true;

    /// <summary>
    /// With <see cref="FlowReadKeys"/> given: a listed key that was not set when read is written back as an empty
    /// string when true; when false the flow variable stays NOT_SET and the key is not written back.
    /// </summary>
    /// <value>Default false.</value>
    public bool WriteBackUnsetKeys { get; init; }

    /// <summary>
    /// The user's flow for the IVR phase (<c>pdata emulator --flow</c>): it runs at <see cref="FlowReadDelay"/> in place
    /// of the built-in flow's reads and writes, its Transfer to ACD names the queue, and its write-back lands when the
    /// IVR ends. Null: the built-in simulated flow.
    /// </summary>
    /// <value>Default null.</value>
    public Lifecycle.IIvrFlow? Flow { get; init; }

    /// <summary>Mean time between holds while connected.</summary>
    /// <value>Default <see cref="DefaultHoldInterval"/> (45 s).</value>
    public TimeSpan HoldInterval { get; init; } = DefaultHoldInterval;

    /// <summary>How long a hold lasts.</summary>
    /// <value>Default <see cref="DefaultHoldDuration"/> (10 s).</value>
    public TimeSpan HoldDuration { get; init; } = DefaultHoldDuration;

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
