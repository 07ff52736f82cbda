using Npgsql;

namespace ParticipantData.Relay.Store.Postgres;

/// <summary>Delivery claims: one row per conversation with queued writes, owned under a lease.</summary>
public sealed partial class PostgresRelayStore
{
    public Task<IReadOnlyList<string>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<string>>(async () =>
    {
        if (max <= 0)
        {
            return [];
        }

        // SKIP LOCKED: instances claiming at the same moment take different conversations instead of queueing on one.
        using var command = _source.CreateCommand(
            "UPDATE relay_claims SET owner = $1, lease_until = $2 WHERE conversation_id IN (" +
            "SELECT conversation_id FROM relay_claims WHERE lease_until <= $3 AND retry_at <= $3 ORDER BY first_seq LIMIT $4 FOR UPDATE SKIP LOCKED) " +
            "RETURNING conversation_id, first_seq");
        command.Parameters.Add(PostgresRows.Text(owner));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now + lease).ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var claimed = new List<(string Conversation, long First)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return [.. claimed.OrderBy(c => c.First).Select(c => c.Conversation)];
    });

    public Task<IReadOnlyList<string>> RenewAsync(string owner, IReadOnlyCollection<string> conversationIds, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<string>>(async () =>
    {
        if (conversationIds.Count == 0)
        {
            return [];
        }

        using var command = _source.CreateCommand("UPDATE relay_claims SET lease_until = $1 WHERE owner = $2 AND conversation_id = ANY($3) RETURNING conversation_id");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now + lease).ToUnixTimeMilliseconds() });
        command.Parameters.Add(PostgresRows.Text(owner));
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. conversationIds.Order(StringComparer.Ordinal)] });
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var held = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            held.Add(reader.GetString(0));
        }

        return held;
    });

    public Task ReleaseAsync(string owner, string conversationId, DateTimeOffset retryAt, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var batch = new NpgsqlBatch(connection, transaction);

        // The row lock first: an accept that is adding a write to this conversation holds it until it commits, and
        // each statement after it (read committed) sees that write, so the row is not deleted under a new write.
        batch.BatchCommands.Add(Command("SELECT 1 FROM relay_claims WHERE conversation_id = $1 AND owner = $2 FOR UPDATE", conversationId, owner));
        batch.BatchCommands.Add(Command(
            "DELETE FROM relay_claims WHERE conversation_id = $1 AND owner = $2 AND NOT EXISTS (SELECT 1 FROM relay_writes WHERE conversation_id = $1 AND status = 'queued')",
            conversationId,
            owner));
        var release = Command(
            "UPDATE relay_claims SET owner = NULL, lease_until = 0, retry_at = $3, " +
            "first_seq = COALESCE((SELECT MIN(seq) FROM relay_writes WHERE conversation_id = $1 AND status = 'queued'), first_seq) " +
            "WHERE conversation_id = $1 AND owner = $2",
            conversationId,
            owner);
        release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = retryAt == DateTimeOffset.MinValue ? 0 : retryAt.ToUnixTimeMilliseconds() });
        batch.BatchCommands.Add(release);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    private static NpgsqlBatchCommand Command(string sql, string conversationId, string owner)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(PostgresRows.Text(conversationId));
        command.Parameters.Add(PostgresRows.Text(owner));
        return command;
    }
}
