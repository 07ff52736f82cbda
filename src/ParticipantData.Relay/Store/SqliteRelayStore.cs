using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using ParticipantData.Relay.Api;

namespace ParticipantData.Relay.Store;

/// <summary>
/// The relay's queue in one SQLite file: WAL journal, <c>synchronous=FULL</c> (a committed write survives a
/// crash of the process or of the machine). All changes go through one writer that commits whatever has
/// queued up meanwhile in one transaction (group commit), so many concurrent accepts share one fsync;
/// reads use their own connections and do not wait for the writer. Checkpoints (copying the WAL back into the
/// database file, with an fsync of each) run on their own connection rather than inside whichever commit crosses
/// SQLite's auto-checkpoint threshold: that commit, and every accept waiting behind it, would otherwise pay for
/// them, which is what set the accept p99. One relay process owns the file, so its delivery claims live in
/// memory (<see cref="InProcessClaims"/>); several instances share PostgreSQL instead.
/// </summary>
public sealed partial class SqliteRelayStore : IRelayStore
{
    private const int MaxBatch = 512;

    // About SQLite's own auto-checkpoint threshold (1,000 WAL pages), counted in operations: an accept touches a few pages.
    private const int OperationsPerCheckpoint = 500;

    /// <summary>Conversations with queued writes looked at per claim (oldest first).</summary>
    private const int MaxClaimCandidates = 5000;
    private readonly InProcessClaims _claims = new();
    private readonly string _connectionString;
    private readonly Channel<StoreOperation> _operations = Channel.CreateUnbounded<StoreOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _checkpoints = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private Task? _writer;
    private Task? _checkpointer;
    private int _operationsSinceCheckpoint;
    private SqliteConnection? _writeConnection;

    public SqliteRelayStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string Path { get; }

    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                connection.Dispose();
                throw new InvalidOperationException($"The relay store {Path} cannot use SQLite's WAL journal (it answered '{mode}'); put it on a local file system.");
            }
        }

        SqliteMigrations.Apply(connection);
        using (var manual = connection.CreateCommand())
        {
            manual.CommandText = "PRAGMA wal_autocheckpoint=0";
            manual.ExecuteNonQuery();
        }

        _writeConnection = connection;
        _checkpointer ??= Task.Factory.StartNew(CheckpointLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _writer ??= Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return Task.CompletedTask;
    }

    public Task<AcceptResult> AcceptAsync(NewWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Enqueue(new AcceptOperation(write), cancellationToken);
    }

    public Task MarkDeliveringAsync(IReadOnlyCollection<WriteId> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.CompletedTask : Enqueue(new MarkDeliveringOperation(ids), cancellationToken);

    public Task CompleteAsync(IReadOnlyCollection<WriteCompletion> completions, CancellationToken cancellationToken) =>
        completions.Count == 0 ? Task.CompletedTask : Enqueue(new CompleteOperation(completions), cancellationToken);

    public Task ResolveEnrichmentAsync(WriteId id, IReadOnlyDictionary<string, string> attributes, DateTimeOffset at, CancellationToken cancellationToken) =>
        Enqueue(new ResolveOperation(id, attributes, at), cancellationToken);

    public Task<StoredWrite?> FindAsync(WriteId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        return Task.FromResult(FindById(connection, null, id.Value));
    }

    public Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM writes WHERE status = 'queued' ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<StoredWrite>();
        while (reader.Read())
        {
            list.Add(StoredWriteRow.Read(reader));
        }

        return Task.FromResult<IReadOnlyList<StoredWrite>>(list);
    }

    public Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM writes WHERE status = 'queued' AND conversation_id = $conversation ORDER BY seq";
        command.Parameters.AddWithValue("$conversation", conversationId);
        using var reader = command.ExecuteReader();
        var list = new List<StoredWrite>();
        while (reader.Read())
        {
            list.Add(StoredWriteRow.Read(reader));
        }

        return Task.FromResult<IReadOnlyList<StoredWrite>>(list);
    }

    public Task<IReadOnlyList<string>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT conversation_id FROM writes WHERE status = 'queued' GROUP BY conversation_id ORDER BY MIN(seq) LIMIT $limit";
        command.Parameters.AddWithValue("$limit", MaxClaimCandidates);
        using var reader = command.ExecuteReader();
        var candidates = new List<string>();
        while (reader.Read())
        {
            candidates.Add(reader.GetString(0));
        }

        return Task.FromResult(_claims.Claim(candidates, owner, max, now, lease));
    }

    public Task<IReadOnlyList<string>> RenewAsync(string owner, IReadOnlyCollection<string> conversationIds, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(_claims.Renew(owner, conversationIds, now, lease));

    public Task ReleaseAsync(string owner, string conversationId, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        _claims.Release(owner, conversationId, retryAt);
        return Task.CompletedTask;
    }

    public Task<QueueStatistics> GetStatisticsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*), MIN(accepted_at) FROM writes GROUP BY status";
        using var reader = command.ExecuteReader();
        var byStatus = new Dictionary<WriteStatus, int>();
        DateTimeOffset? oldest = null;
        while (reader.Read())
        {
            var status = WriteStatusText.Parse(reader.GetString(0));
            byStatus[status] = reader.GetInt32(1);
            if (status == WriteStatus.Queued)
            {
                oldest = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            }
        }

        return Task.FromResult(new QueueStatistics(byStatus.GetValueOrDefault(WriteStatus.Queued), oldest, byStatus));
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        return Task.FromResult(SqliteMigrations.CurrentVersion(connection));
    }

    public async ValueTask DisposeAsync()
    {
        _operations.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        _checkpoints.Writer.TryComplete();
        if (_checkpointer is not null)
        {
            await _checkpointer.ConfigureAwait(false);
        }

        _writeConnection?.Dispose();
        _stop.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private async Task<T> Enqueue<T>(StoreOperation<T> operation, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException("Call MigrateAsync before using the store.");
        }

        if (!_operations.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteRelayStore), "The relay store is closed.");
        }

        // The caller may stop waiting, but the change itself is never cancelled half-way.
        return await operation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<StoreOperation>(MaxBatch);
        while (await _operations.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _operations.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                Commit(batch);
            }
            catch (Exception)
            {
                // One bad operation must not fail the others: run each in its own transaction.
                foreach (var operation in batch)
                {
                    try
                    {
                        Commit([operation]);
                        operation.Publish();
                    }
                    catch (Exception e)
                    {
                        operation.Fail(e);
                    }
                }

                continue;
            }

            foreach (var operation in batch)
            {
                operation.Publish();
            }

            _operationsSinceCheckpoint += batch.Count;
            if (_operationsSinceCheckpoint >= OperationsPerCheckpoint && _checkpoints.Writer.TryWrite(true))
            {
                _operationsSinceCheckpoint = 0;
            }
        }
    }

    /// <summary>
    /// PASSIVE checkpoints on a connection of their own: in WAL mode they run alongside the writer and the
    /// readers, never blocking either, and copy whatever the readers allow; the next request copies the rest.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (await _checkpoints.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _checkpoints.Reader.TryRead(out _);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Best effort: a busy database is checkpointed on the next request; durability never depends on it.
            }
        }
    }

    private void Commit(List<StoreOperation> batch)
    {
        var connection = _writeConnection!;
        using var transaction = connection.BeginTransaction();
        var state = new BatchState();
        foreach (var operation in batch)
        {
            operation.Execute(connection, transaction, state);
        }

        transaction.Commit();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private const string Columns = StoredWriteRow.Columns;

    private static StoredWrite? FindById(SqliteConnection connection, SqliteTransaction? transaction, string id) =>
        FindWhere(connection, transaction, "write_id = $key", id);

    private static StoredWrite? FindWhere(SqliteConnection connection, SqliteTransaction? transaction, string where, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM writes WHERE {where}";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoredWriteRow.Read(reader) : null;
    }


    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
