namespace ParticipantData.Client;

/// <summary>What became of a write.</summary>
public enum WriteOutcome
{
    /// <summary>The platform accepted the write (or a later value of every key it wrote, queued behind it).</summary>
    Applied,

    /// <summary>The platform accepted it and it was read back as written.</summary>
    Verified,

    /// <summary>The write did not take effect, or could not be confirmed; <see cref="WriteResult.FailureReason"/> says why.</summary>
    Failed,
}
