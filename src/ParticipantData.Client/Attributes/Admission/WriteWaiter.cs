namespace ParticipantData.Client.Attributes.Admission;

/// <summary>One caller of <see cref="AttributeWriter.WriteAsync"/> waiting for the PATCH that carries its values.</summary>
internal sealed class WriteWaiter(DateTimeOffset deadline, VerifyMode verify, DateTimeOffset ensureUntil, long submittedAt)
{
    public DateTimeOffset Deadline { get; } = deadline;

    public VerifyMode Verify { get; } = verify;

    public DateTimeOffset EnsureUntil { get; } = ensureUntil;

    /// <summary>A <see cref="TimeProvider.GetTimestamp"/> of when the write was submitted.</summary>
    public long SubmittedAt { get; } = submittedAt;

    /// <summary>Time spent waiting for a budget slot before the PATCH that carried it went out.</summary>
    public TimeSpan QueuedForBudget { get; set; }

    /// <summary>Taken into the batch a slot was granted for.</summary>
    public bool Absorbed { get; set; }

    public TaskCompletionSource<BatchResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>With <see cref="VerifyMode.Ensure"/>: the participant's ensured values, told when the write settles.</summary>
    public Ensure.EnsuredParticipant? Ensured { get; set; }

    /// <summary>The batch holding it (read when the deadline passes first, to report what was absorbed).</summary>
    public PendingWrites? Batch { get; set; }
}
