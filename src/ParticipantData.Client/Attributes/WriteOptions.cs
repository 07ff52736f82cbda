namespace ParticipantData.Client;

/// <summary>How a write is confirmed.</summary>
public enum VerifyMode
{
    /// <summary>The platform accepted the PATCH (202): enough for most writes.</summary>
    None,

    /// <summary>Read the participant back once after writing and compare.</summary>
    ReadBack,

    /// <summary>
    /// Return as soon as the platform accepted the write, and keep the values under guard for
    /// <see cref="WriteOptions.EnsureFor"/> or until the conversation ends: a value overwritten meanwhile
    /// (a voice flow writing back the participant data it read earlier) is applied again. One guard polls
    /// per participant, however many writes it guards; a later write of the same key replaces the
    /// guarded value.
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

    /// <summary>With <see cref="VerifyMode.Ensure"/>: how long values stay under guard. Default 2 minutes (an IVR's length).</summary>
    public TimeSpan EnsureFor { get; init; } = TimeSpan.FromMinutes(2);
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

    /// <summary>True when the values are now under an Ensure guard.</summary>
    public bool Guarded { get; init; }
}

/// <summary>What an <see cref="AttributeWriter"/>'s Ensure guards have done so far.</summary>
public sealed record GuardStatistics(int Polls, int Reapplied, int GuardedKeys)
{
    /// <summary>Attribute events about guarded participants received (with a notifications listener).</summary>
    public int Events { get; init; }
}

/// <summary>Settings of an <see cref="AttributeWriter"/>; the defaults suit a live call.</summary>
public sealed class AttributeWriterOptions
{
    /// <summary>First wait after a 409, doubled per conflict, with jitter. Default 20 ms.</summary>
    public TimeSpan ConflictRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest wait between conflict retries. Default 250 ms.</summary>
    public TimeSpan ConflictRetryMaxDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often an Ensure guard reads its participant back (without a notifications listener). Default 1 s.</summary>
    public TimeSpan EnsurePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>With a notifications listener: how often a guard still reads back, as a safety net. Default 30 s.</summary>
    public TimeSpan EventSafetyPollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
