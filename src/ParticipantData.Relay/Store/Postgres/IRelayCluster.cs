namespace ParticipantData.Relay.Store.Postgres;

/// <summary>
/// What several relay instances on one store coordinate beyond the queue: wake-ups when another instance queues
/// work, who is alive (each takes its share of the deliveries), and one request budget per OAuth client.
/// </summary>
internal interface IRelayCluster
{
    /// <summary>Calls <paramref name="onQueued"/> whenever any instance queues a write (and after each reconnect), until cancelled.</summary>
    Task ListenAsync(Action onQueued, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="owner"/> is alive; answers how many instances were seen within <paramref name="liveFor"/>.</summary>
    Task<int> HeartbeatAsync(string owner, DateTimeOffset now, TimeSpan liveFor, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="owner"/> from the live instances (a clean stop).</summary>
    Task LeaveAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Takes one request from the OAuth client's shared budget, or answers how long until one is there.</summary>
    Task<BudgetAnswer> TakeBudgetAsync(string client, SharedBudgetRate rate, CancellationToken cancellationToken);

    /// <summary>A 429's Retry-After: no instance sends for the client until it has passed.</summary>
    Task PauseBudgetAsync(string client, TimeSpan retryAfter, CancellationToken cancellationToken);
}

/// <summary>The answer of <see cref="IRelayCluster.TakeBudgetAsync"/>.</summary>
internal readonly record struct BudgetAnswer(bool Granted, TimeSpan Wait);

/// <summary>
/// A token bucket that never grants more than the platform's limit in any window of a minute: it holds at most
/// <see cref="Burst"/> (one second's worth) and refills at (limit - 2 × burst) a minute, so burst + refill stays a
/// burst below the limit, a margin for requests that reach the platform later than they were granted.
/// </summary>
internal sealed record SharedBudgetRate(int RequestsPerMinute)
{
    public double Burst { get; } = Math.Max(1, RequestsPerMinute / 60);

    public double PerSecond => Math.Max(RequestsPerMinute - (2 * Burst), 1) / 60.0;

    /// <summary>The most the bucket grants in any minute: what the budget is held to.</summary>
    public double MaxPerMinute => Burst + (PerSecond * 60);
}
