namespace ParticipantData.Client;

/// <summary>The result of <see cref="AttributeWriter.WriteAsync"/>: never thrown, never hidden.</summary>
/// <param name="Outcome">What became of the write.</param>
/// <param name="FailureMessage">Why it failed, for people; null when it did not.</param>
/// <param name="Attempts">PATCH attempts the write's batch took (retries included).</param>
/// <param name="ConflictsAbsorbed">409s retried away.</param>
/// <param name="ThrottlesAbsorbed">429s retried away.</param>
/// <param name="Latency">From the call to its result.</param>
public sealed record WriteResult(
    WriteOutcome Outcome,
    string? FailureMessage,
    int Attempts,
    int ConflictsAbsorbed,
    int ThrottlesAbsorbed,
    TimeSpan Latency)
{
    /// <summary>True unless <see cref="Outcome"/> is <see cref="WriteOutcome.Failed"/>.</summary>
    public bool Succeeded => Outcome != WriteOutcome.Failed;

    /// <summary>Why it failed; <see cref="FailureReason.None"/> when it did not.</summary>
    public FailureReason FailureReason { get; init; }

    /// <summary>How many logical writes (this one included) went out in the same PATCH.</summary>
    public int CoalescedWrites { get; init; } = 1;

    /// <summary>Of <see cref="Latency"/>, the time spent waiting for a slot of the OAuth client's request budget.</summary>
    public TimeSpan QueuedForBudget { get; init; }

    /// <summary>True when the values are now ensured (<see cref="VerifyMode.Ensure"/>).</summary>
    public bool Ensured { get; init; }
}
