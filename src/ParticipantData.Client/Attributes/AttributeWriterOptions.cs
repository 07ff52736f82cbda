namespace ParticipantData.Client;

/// <summary>Settings of an <see cref="AttributeWriter"/>; the defaults suit a live call. Frozen when the writer is created.</summary>
public sealed class AttributeWriterOptions
{
    internal static readonly TimeSpan DefaultConflictRetryBaseDelay = TimeSpan.FromMilliseconds(20);
    internal static readonly TimeSpan DefaultConflictRetryMaxDelay = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan DefaultEnsurePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>A PATCH's round trip.</summary>
    internal static readonly TimeSpan DefaultBudgetMargin = TimeSpan.FromMilliseconds(200);

    /// <summary>First wait after a 409, doubled per conflict, with jitter (at least half of each step).</summary>
    /// <value>Default 20 ms.</value>
    public TimeSpan ConflictRetryBaseDelay { get; set; } = DefaultConflictRetryBaseDelay;

    /// <summary>Longest wait between conflict retries.</summary>
    /// <value>Default 250 ms.</value>
    public TimeSpan ConflictRetryMaxDelay { get; set; } = DefaultConflictRetryMaxDelay;

    /// <summary>Without a notifications listener: how often Ensure reads an ensured participant back.</summary>
    /// <value>Default 1 s.</value>
    public TimeSpan EnsurePollInterval { get; set; } = DefaultEnsurePollInterval;

    /// <summary>
    /// Time kept in hand when judging whether the request budget can serve a write before its deadline: a write
    /// whose slot is further away than its deadline minus this fails at once with <see cref="FailureReason.BudgetExhausted"/>.
    /// </summary>
    /// <value>Default 200 ms (a PATCH's round trip).</value>
    public TimeSpan BudgetMargin { get; set; } = DefaultBudgetMargin;

    internal AttributeWriterOptions Freeze()
    {
        var problems = new List<string>();
        if (ConflictRetryBaseDelay < TimeSpan.Zero || ConflictRetryMaxDelay < ConflictRetryBaseDelay)
        {
            problems.Add("ConflictRetryBaseDelay must not be negative nor above ConflictRetryMaxDelay");
        }

        if (EnsurePollInterval <= TimeSpan.Zero)
        {
            problems.Add("EnsurePollInterval must be positive");
        }

        if (BudgetMargin < TimeSpan.Zero)
        {
            problems.Add("BudgetMargin must not be negative");
        }

        return problems.Count > 0
            ? throw new ArgumentException("Invalid AttributeWriter settings: " + string.Join("; ", problems) + ".")
            : (AttributeWriterOptions)MemberwiseClone();
    }
}
