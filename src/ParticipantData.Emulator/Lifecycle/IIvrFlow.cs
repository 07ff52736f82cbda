using ParticipantData.Architect.Flows;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>The call an <see cref="IIvrFlow"/> runs on: its ids, numbers, and the customer's participant data in the store.</summary>
public sealed record IvrFlowCall(string ConversationId, string? Ani, string? Dnis, IFlowParticipantData ParticipantData);

/// <summary>What the flow decided: the queue (null: the call's default queue) and what it writes back when the IVR ends.</summary>
public sealed record IvrFlowOutcome(string? Queue, IReadOnlyDictionary<string, string> WriteBack, string Description);

/// <summary>
/// A user's flow for the IVR phase of lifecycle calls (<see cref="LifecycleOptions.Flow"/>), in place of the built-in
/// simulated flow. Its Set Participant Data writes go through <see cref="IvrFlowCall.ParticipantData"/> (the store).
/// </summary>
public interface IIvrFlow
{
    /// <summary>Runs the flow on <paramref name="call"/> when the call's flow reads its participant data; completes with the queue and the write-back.</summary>
    /// <param name="call">The call and the customer's participant data.</param>
    /// <param name="cancellationToken">Cancels a run that waits on a data action.</param>
    Task<IvrFlowOutcome> RunAsync(IvrFlowCall call, CancellationToken cancellationToken);
}
