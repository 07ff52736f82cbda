using Npgsql;

namespace ParticipantData.Relay.Store.Postgres;

/// <summary>
/// The PostgreSQL schema, as ordered migrations recorded in <c>relay_schema_version</c>. Applied under a
/// transaction-scoped advisory lock, so several instances starting at once migrate one after the other and
/// all but the first find nothing to do.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>The advisory lock key that serialises migrations ("pdatarel" as 64 bits).</summary>
    public const long LockKey = 0x7064617461_72656C;

    /// <summary>Migration N (1-based) brings the schema from version N-1 to N. Append only; never edit a shipped one.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE relay_writes (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            write_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            participant_id TEXT NULL,
            purpose TEXT NULL,
            attributes TEXT NULL,
            source TEXT NULL,
            inputs TEXT NULL,
            idempotency_key TEXT NULL UNIQUE,
            request_hash TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            conflicts INTEGER NOT NULL DEFAULT 0,
            throttles INTEGER NOT NULL DEFAULT 0,
            coalesced INTEGER NOT NULL DEFAULT 0,
            delivering BOOLEAN NOT NULL DEFAULT FALSE,
            guarded BOOLEAN NOT NULL DEFAULT FALSE,
            delivered_participant_id TEXT NULL,
            endpoint_status INTEGER NULL,
            endpoint_body TEXT NULL,
            accepted_at BIGINT NOT NULL,
            deadline_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            completed_at BIGINT NULL
        );
        CREATE INDEX relay_writes_queued ON relay_writes (conversation_id, seq) WHERE status = 'queued';
        CREATE INDEX relay_writes_queued_order ON relay_writes (seq) WHERE status = 'queued';

        -- One row per conversation with queued writes: who delivers to it (owner, until lease_until) and when it may be retried.
        CREATE TABLE relay_claims (
            conversation_id TEXT PRIMARY KEY,
            first_seq BIGINT NOT NULL,
            owner TEXT NULL,
            lease_until BIGINT NOT NULL DEFAULT 0,
            retry_at BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX relay_claims_order ON relay_claims (first_seq);

        -- One token bucket per OAuth client, shared by every instance; times are the database's clock, in seconds.
        CREATE TABLE relay_budget (
            client TEXT PRIMARY KEY,
            tokens DOUBLE PRECISION NOT NULL,
            refilled_at DOUBLE PRECISION NOT NULL,
            paused_until DOUBLE PRECISION NOT NULL DEFAULT 0
        );

        -- Instances that delivered recently (each takes budget/live of the deliveries).
        CREATE TABLE relay_instances (
            owner TEXT PRIMARY KEY,
            seen_at BIGINT NOT NULL
        );
        """,
    ];

    public static int Latest => All.Count;

    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS relay_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > Latest)
        {
            throw new InvalidOperationException(
                $"The relay's PostgreSQL database was written by a newer relay (schema version {current}; this relay knows up to {Latest}). Upgrade this relay, or point --store at another database.");
        }

        for (var version = current + 1; version <= Latest; version++)
        {
            await ExecuteAsync(connection, transaction, All[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO relay_schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM relay_schema_version", connection, transaction);
        return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
