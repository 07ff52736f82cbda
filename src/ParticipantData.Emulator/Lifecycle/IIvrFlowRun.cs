namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// The IVR flow of one lifecycle call, as its state machine (<see cref="CallLifecycle"/>) drives it: the flow
/// reads the customer's participant data at <see cref="LifecycleOptions.FlowReadDelay"/> (<see cref="Start"/>),
/// may still be running when the IVR's time is up (<see cref="IsWaiting"/>), and when the IVR ends names the
/// queue and gives the copy it writes back (<see cref="Finish"/>). The built-in simulated flow is
/// <see cref="SimulatedIvrFlowRun"/>; a user's flow (<see cref="IIvrFlow"/>) runs as <see cref="UserIvrFlowRun"/>.
/// </summary>
internal interface IIvrFlowRun
{
    /// <summary>Runs the flow's Get Participant Data (or the user's flow); false when the customer is gone, which ends the call.</summary>
    bool Start();

    /// <summary>True while the flow waits (on a data action): the call stays in the IVR.</summary>
    bool IsWaiting { get; }

    /// <summary>A simulated Set Participant Data in the IVR wrote <paramref name="key"/>: the flow's copy has the new value.</summary>
    void Wrote(string key, string value);

    /// <summary>The IVR ends: the queue the flow chose (null: the call's default) and the copy it writes back (null: none).</summary>
    (string? Queue, Dictionary<string, string>? WriteBack) Finish();
}
