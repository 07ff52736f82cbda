namespace ParticipantData.Relay.Store;

/// <summary>
/// The relay's durable queue. Every method returns only once its change is durable. An implementation
/// keeps acceptance order (<see cref="StoredWrite.Sequence"/>) and one write per idempotency key.
/// SQLite is the default (<see cref="SqliteRelayStore"/>); the contract tests in the test project run
/// against any implementation.
/// </summary>
public interface IRelayStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema (a version table and ordered migrations).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new write durably, or answers the earlier one with the same idempotency key.</summary>
    Task<AcceptResult> AcceptAsync(NewWrite write, CancellationToken cancellationToken);

    Task<StoredWrite?> FindAsync(WriteId id, CancellationToken cancellationToken);

    /// <summary>Queued writes in acceptance order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Notes that a delivery of these writes is starting (so a restart knows it may have reached the platform).</summary>
    Task MarkDeliveringAsync(IReadOnlyCollection<WriteId> ids, CancellationToken cancellationToken);

    /// <summary>Records how deliveries ended.</summary>
    Task CompleteAsync(IReadOnlyCollection<WriteCompletion> completions, CancellationToken cancellationToken);

    /// <summary>Gives a queued enrichment the attributes its data action produced.</summary>
    Task ResolveEnrichmentAsync(WriteId id, IReadOnlyDictionary<string, string> attributes, DateTimeOffset at, CancellationToken cancellationToken);

    Task<QueueStatistics> GetStatisticsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be read.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
