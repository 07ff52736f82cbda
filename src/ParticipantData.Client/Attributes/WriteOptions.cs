namespace ParticipantData.Client;

/// <summary>Per-write settings of <see cref="AttributeWriter.WriteAsync"/>.</summary>
public sealed record WriteOptions
{
    internal static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(5);

    /// <summary>An IVR's length.</summary>
    internal static readonly TimeSpan DefaultEnsureFor = TimeSpan.FromMinutes(2);

    /// <summary>Every setting at its default.</summary>
    public static WriteOptions Default { get; } = new();

    /// <summary>How long the caller may wait at most, queueing for the request budget, retries and verification included.</summary>
    /// <value>Default 5 s.</value>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>How the write is confirmed.</summary>
    /// <value>Default <see cref="VerifyMode.None"/>.</value>
    public VerifyMode Verify { get; init; } = VerifyMode.None;

    /// <summary>With <see cref="VerifyMode.Ensure"/>: how long values stay ensured.</summary>
    /// <value>Default 2 minutes (an IVR's length).</value>
    public TimeSpan EnsureFor { get; init; } = DefaultEnsureFor;
}
