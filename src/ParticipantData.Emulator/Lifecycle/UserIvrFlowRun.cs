using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// A user's flow (<see cref="LifecycleOptions.Flow"/>) as a call's IVR: it runs when the built-in flow would read,
/// writes through the store (<see cref="StoreParticipantData"/>), and its Transfer to ACD and deferred write-back
/// apply when the IVR ends. It completes at once unless a data action calls a real endpoint.
/// </summary>
internal sealed class UserIvrFlowRun(IIvrFlow flow, ConversationStore store, EmulatorCounters counters, string conversationId, string customerId) : IIvrFlowRun
{
    private Task<IvrFlowOutcome>? _run;

    public bool IsWaiting => _run is { IsCompleted: false };

    public bool Start()
    {
        var customer = store.Find(conversationId)?.FindParticipant(customerId);
        var data = new StoreParticipantData(store, counters, conversationId, customerId);
        _run = flow.RunAsync(new IvrFlowCall(conversationId, customer?.Ani ?? customer?.Address, customer?.Dnis, data), CancellationToken.None);
        return true;
    }

    /// <summary>A user's flow does its own Set Participant Data; no simulated writes reach it.</summary>
    public void Wrote(string key, string value)
    {
    }

    public (string? Queue, Dictionary<string, string>? WriteBack) Finish() =>
        _run is { IsCompletedSuccessfully: true } run
            ? (run.Result.Queue, new Dictionary<string, string>(run.Result.WriteBack, StringComparer.Ordinal))
            : (null, null);
}
