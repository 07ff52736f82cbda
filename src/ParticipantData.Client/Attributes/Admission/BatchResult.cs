namespace ParticipantData.Client.Attributes.Admission;

/// <summary>How one PATCH (and its retries and verification) ended, for every waiter it carried.</summary>
internal sealed record BatchResult(WriteOutcome Outcome, FailureReason Reason, string? Message, int Attempts, int Conflicts, int Throttles)
{
    public int Coalesced { get; init; } = 1;

    public bool Ensured { get; init; }

    public TimeSpan RetryQueued { get; init; }

    public static BatchResult Applied(WriteTally tally, WriteOutcome outcome = WriteOutcome.Applied) =>
        new(outcome, FailureReason.None, null, tally.Attempts, tally.Conflicts, tally.Throttles) { RetryQueued = tally.Queued };

    public static BatchResult Fail(FailureReason reason, string message, WriteTally tally) =>
        new(WriteOutcome.Failed, reason, message, tally.Attempts, tally.Conflicts, tally.Throttles) { RetryQueued = tally.Queued };
}
