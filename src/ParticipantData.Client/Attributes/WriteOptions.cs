namespace ParticipantData.Client;

/// <summary>How a write is confirmed.</summary>
public enum VerifyMode
{
    /// <summary>The platform accepted the PATCH (202): enough for most writes.</summary>
    None,

    /// <summary>Read the participant back once after writing and compare.</summary>
    ReadBack,

    /// <summary>
    /// Keep watching until the deadline or the end of the conversation and re-apply any value that was
    /// overwritten (a voice flow's write-back of the participant data it read earlier).
    /// </summary>
    Ensure,
}

/// <summary>Per-write settings of <see cref="AttributeWriter.WriteAsync"/>.</summary>
public sealed record WriteOptions
{
    public static WriteOptions Default { get; } = new();

    /// <summary>How long the caller may wait at most, retries and verification included. Default 5 s.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="VerifyMode.None"/>.</summary>
    public VerifyMode Verify { get; init; } = VerifyMode.None;
}

/// <summary>What became of a write.</summary>
public enum WriteOutcome
{
    /// <summary>The platform accepted the write.</summary>
    Applied,

    /// <summary>The platform accepted it and it was read back as written (and, with Ensure, kept so).</summary>
    Verified,

    /// <summary>The write did not take effect, or could not be confirmed; <see cref="WriteResult.FailureReason"/> says why.</summary>
    Failed,
}

/// <summary>The result of <see cref="AttributeWriter.WriteAsync"/>: never thrown, never hidden.</summary>
public sealed record WriteResult(
    WriteOutcome Outcome,
    string? FailureReason,
    int Attempts,
    int ConflictsAbsorbed,
    int ThrottlesAbsorbed,
    TimeSpan Latency)
{
    public bool Succeeded => Outcome != WriteOutcome.Failed;

    /// <summary>How many logical writes (this one included) went out in the same PATCH.</summary>
    public int CoalescedWrites { get; init; } = 1;

    /// <summary>How many times a value overwritten after the write was applied again (Ensure).</summary>
    public int Reapplied { get; init; }
}

/// <summary>Settings of an <see cref="AttributeWriter"/>; the defaults suit a live call.</summary>
public sealed class AttributeWriterOptions
{
    /// <summary>First wait after a 409, doubled per conflict, with jitter. Default 20 ms.</summary>
    public TimeSpan ConflictRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest wait between conflict retries. Default 250 ms.</summary>
    public TimeSpan ConflictRetryMaxDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often <see cref="VerifyMode.Ensure"/> reads the participant back. Default 500 ms.</summary>
    public TimeSpan EnsurePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
