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

    /// <summary>The conversation's queued writes in acceptance order (read after claiming it: what is there now).</summary>
    Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims for <paramref name="owner"/> up to <paramref name="max"/> conversations that have queued writes, oldest
    /// first: those no owner holds under a live lease and whose retry time has come. Only the owner of a conversation's
    /// claim delivers to it, so its writes go out one delivery at a time, in acceptance order, whichever relay
    /// instance accepted them. A claim lasts <paramref name="lease"/> from <paramref name="now"/> unless renewed; the
    /// claims of an instance that died expire and another instance takes them over.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the leases <paramref name="owner"/> still holds; answers the conversations it still holds.</summary>
    Task<IReadOnlyList<string>> RenewAsync(string owner, IReadOnlyCollection<string> conversationIds, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives a claim up; the conversation may be claimed again from <paramref name="retryAt"/> (a backoff) if writes are still queued.</summary>
    Task ReleaseAsync(string owner, string conversationId, DateTimeOffset retryAt, CancellationToken cancellationToken);

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
