namespace ParticipantData.Client;

/// <summary>Per-write settings of <see cref="AttributeWriter.WriteAsync"/>.</summary>
public sealed record WriteOptions
{
    public static WriteOptions Default { get; } = new();

    /// <summary>How long the caller may wait at most, queueing for the request budget, retries and verification included.</summary>
    /// <value>Default 5 s.</value>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How the write is confirmed.</summary>
    /// <value>Default <see cref="VerifyMode.None"/>.</value>
    public VerifyMode Verify { get; init; } = VerifyMode.None;

    /// <summary>With <see cref="VerifyMode.Ensure"/>: how long values stay ensured.</summary>
    /// <value>Default 2 minutes (an IVR's length).</value>
    public TimeSpan EnsureFor { get; init; } = TimeSpan.FromMinutes(2);
}
