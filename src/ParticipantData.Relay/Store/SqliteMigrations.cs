using Microsoft.Data.Sqlite;

namespace ParticipantData.Relay.Store;

/// <summary>The SQLite schema, as ordered migrations recorded in <c>schema_version</c>.</summary>
internal static class SqliteMigrations
{
    /// <summary>Migration N (1-based) brings the schema from version N-1 to N. Append only; never edit a shipped one.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE writes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
            delivering INTEGER NOT NULL DEFAULT 0,
            guarded INTEGER NOT NULL DEFAULT 0,
            delivered_participant_id TEXT NULL,
            endpoint_status INTEGER NULL,
            endpoint_body TEXT NULL,
            accepted_at INTEGER NOT NULL,
            deadline_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER NULL
        );
        CREATE INDEX writes_queued ON writes (seq) WHERE status = 'queued';
        """,
        // 2: a claimed conversation's queued writes are read by conversation.
        """
        CREATE INDEX writes_queued_by_conversation ON writes (conversation_id, seq) WHERE status = 'queued';
        """,
    ];

    public static int Latest => All.Count;

    public static void Apply(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
            create.ExecuteNonQuery();
        }

        var current = CurrentVersion(connection);
        if (current > Latest)
        {
            throw new InvalidOperationException(
                $"The relay store was written by a newer relay (schema version {current}; this relay knows up to {Latest}). Upgrade this relay or use another --store file.");
        }

        for (var version = current + 1; version <= Latest; version++)
        {
            using var transaction = connection.BeginTransaction();
            using (var migrate = connection.CreateCommand())
            {
                migrate.Transaction = transaction;
                migrate.CommandText = All[version - 1];
                migrate.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version) VALUES ($v)";
                record.Parameters.AddWithValue("$v", version);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
