using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ParticipantData.Relay.Api;

namespace ParticipantData.Relay.Store.Postgres;

/// <summary>How a write is spelt in <c>relay_writes</c>: the insert, the columns read back, and the mapping to <see cref="StoredWrite"/>.</summary>
internal static class PostgresRows
{
    public const string Columns = StoredWriteRow.Columns;

    /// <summary>
    /// Inserts the write unless its id or idempotency key is taken, and makes sure its conversation has a claim row (taking
    /// that row's lock, so a deliverer releasing the conversation at the same moment sees this write). Answers the
    /// new sequence number, or no row when the id or key was taken.
    /// </summary>
    private const string InsertSql =
        "WITH ins AS (INSERT INTO relay_writes (write_id, kind, conversation_id, participant_id, purpose, attributes, source, inputs, idempotency_key, request_hash, status, accepted_at, deadline_at, updated_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', $11, $12, $11) ON CONFLICT DO NOTHING RETURNING seq, conversation_id), " +
        "claim AS (INSERT INTO relay_claims (conversation_id, first_seq) SELECT conversation_id, seq FROM ins " +
        "ON CONFLICT (conversation_id) DO UPDATE SET first_seq = LEAST(relay_claims.first_seq, EXCLUDED.first_seq)) " +
        "SELECT seq FROM ins";

    public static NpgsqlBatchCommand Insert(NewWrite write)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        command.Parameters.Add(Text(write.Id.Value));
        command.Parameters.Add(Text(write.Kind.ToWire()));
        command.Parameters.Add(Text(write.ConversationId));
        command.Parameters.Add(Text(write.ParticipantId));
        command.Parameters.Add(Text(write.Purpose));
        command.Parameters.Add(Text(write.Attributes is null ? null : JsonSerializer.Serialize(write.Attributes, RelayJsonContext.Default.IReadOnlyDictionaryStringString)));
        command.Parameters.Add(Text(write.Source));
        command.Parameters.Add(Text(write.InputsJson));
        command.Parameters.Add(Text(write.IdempotencyKey));
        command.Parameters.Add(Text(write.RequestHash));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = write.AcceptedAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = write.DeadlineAt.ToUnixTimeMilliseconds() });
        return command;
    }

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static async Task<List<StoredWrite>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<StoredWrite>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(StoredWriteRow.Read(reader));
        }

        return list;
    }
}
