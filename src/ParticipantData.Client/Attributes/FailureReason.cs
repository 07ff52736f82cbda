namespace ParticipantData.Client;

/// <summary>Why a write failed (<see cref="WriteResult.FailureMessage"/> says it in words).</summary>
public enum FailureReason
{
    /// <summary>The write did not fail.</summary>
    None,

    /// <summary>
    /// The OAuth client's request budget cannot serve the write before its deadline (the queue is too long or a
    /// Retry-After pauses it): it failed at once, and nothing was sent.
    /// </summary>
    BudgetExhausted,

    /// <summary>The deadline passed before the platform confirmed the write (it may still be applied).</summary>
    DeadlinePassed,

    /// <summary>The platform rejected the write (400, 403, 404 …): writing again will not help.</summary>
    Rejected,

    /// <summary>Written, but the read-back shows other values (or could not be made).</summary>
    NotVerified,
}
