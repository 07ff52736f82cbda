using Microsoft.Data.Sqlite;

namespace ParticipantData.Relay.Store;

/// <summary>
/// The relay's queue in one SQLite file: WAL journal, <c>synchronous=FULL</c> (a committed write survives a
/// crash of the process or of the machine). All changes go through one writer that commits whatever has queued
/// up meanwhile in one transaction (group commit), so many concurrent accepts share one fsync; reads go through
/// one reader, which in WAL mode never waits for the writer. Each runs on a thread of its own
/// (<see cref="StoreThread{T}"/>) with its statements prepared once (<see cref="SqliteSession"/>), so no blocking
/// SQLite call holds a thread-pool thread that an accept needs. Checkpoints (copying the WAL back into the
/// database file) come in two steps, small and often: a third thread copies the bulk while the writer goes on
/// committing, then the writer copies the few frames added meanwhile between two of its transactions. Only a
/// checkpoint that has caught up with the whole WAL when the next transaction starts lets SQLite start the WAL
/// over from its beginning: one on another connection alone never catches up under steady load (the WAL grew
/// without end, 400 MB for a 5 MB database in a 30-second benchmark), and one on the writer alone held every
/// accept behind it for 2.5 ms, twenty times a second. One relay process owns the file, so its
/// delivery claims live in memory (<see cref="InProcessClaims"/>); several instances share PostgreSQL instead.
/// </summary>
public sealed partial class SqliteRelayStore : IRelayStore
{
    private const int MaxBatch = 512;

    /// <summary>Rows written between two checkpoints: a row touches a few pages, so the WAL stays at a few MB and each checkpoint copies little.</summary>
    private const int RowsPerCheckpoint = 200;

    private const int CheckpointIdle = 0;
    private const int CheckpointCopying = 1;
    private const int CheckpointCopied = 2;

    /// <summary>The WAL file is cut back to this size when SQLite starts it over (after a burst, say).</summary>
    private const long WalSizeLimit = 16 * 1024 * 1024;

    /// <summary>
    /// A delivery's bookkeeping (marking a few hundred writes delivering, then completing them) is written in slices
    /// of this many rows, each sharing a transaction with whatever accepts are waiting: an accept waits for a slice
    /// (a fraction of a millisecond), not for the whole. With 32 rows a slice the benchmark's accept p99 was about
    /// 10 ms, with 8 about 6.5 ms; the extra commits cost little (an fsync is about 0.3 ms here).
    /// </summary>
    private const int BookkeepingSlice = 8;

    /// <summary>Conversations with queued writes looked at per claim (oldest first).</summary>
    private const int MaxClaimCandidates = 5000;

    private const string Columns = StoredWriteRow.Columns;
    private readonly InProcessClaims _claims = new();
    private readonly string _connectionString;
    private readonly Lock _startGate = new();
    private StoreThread<StoreOperation>? _writer;
    private StoreThread<StoreOperation>? _reader;
    private StoreThread<StoreOperation>? _checkpointer;
    private SqliteSession? _writeSession;
    private SqliteSession? _readSession;
    private SqliteSession? _checkpointSession;
    private int _rowsSinceCheckpoint;
    private int _checkpointStage;

    public SqliteRelayStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string Path { get; }

    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_startGate)
        {
            if (_writer is not null)
            {
                return Task.CompletedTask;
            }

            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = Open();
            try
            {
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode=WAL";
                    var mode = wal.ExecuteScalar() as string;
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidOperationException($"The relay store {Path} cannot use SQLite's WAL journal (it answered '{mode}'); put it on a local file system.");
                    }
                }

                SqliteMigrations.Apply(connection);
                using (var manual = connection.CreateCommand())
                {
                    // The writer checkpoints itself, between transactions (see the class summary).
                    manual.CommandText = $"PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit={WalSizeLimit}";
                    manual.ExecuteNonQuery();
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _writeSession = new SqliteSession(connection);
            _readSession = new SqliteSession(Open());
            _checkpointSession = new SqliteSession(Open());
            _writer = new StoreThread<StoreOperation>("pdata relay store writer", MaxBatch, BookkeepingSlice, o => o.Rows, WriteBatch);
            _reader = new StoreThread<StoreOperation>("pdata relay store reader", MaxBatch, 1, _ => 1, batch => RunEach(_readSession, batch));
            _checkpointer = new StoreThread<StoreOperation>("pdata relay store checkpointer", 1, 1, _ => 1, batch => RunEach(_checkpointSession, batch));
        }

        return Task.CompletedTask;
    }

    public Task<AcceptResult> AcceptAsync(NewWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Enqueue(_writer, new AcceptOperation(write), cancellationToken);
    }

    public Task MarkDeliveringAsync(IReadOnlyCollection<WriteId> ids, CancellationToken cancellationToken) =>
        Task.WhenAll(ids.Chunk(BookkeepingSlice).Select(slice => Enqueue(_writer, new MarkDeliveringOperation(slice), cancellationToken, background: true)));

    public Task CompleteAsync(IReadOnlyCollection<WriteCompletion> completions, CancellationToken cancellationToken) =>
        Task.WhenAll(completions.Chunk(BookkeepingSlice).Select(slice => Enqueue(_writer, new CompleteOperation(slice), cancellationToken, background: true)));

    public Task ResolveEnrichmentAsync(WriteId id, IReadOnlyDictionary<string, string> attributes, DateTimeOffset at, CancellationToken cancellationToken) =>
        Enqueue(_writer, new ResolveOperation(id, attributes, at), cancellationToken, background: true);

    public Task<StoredWrite?> FindAsync(WriteId id, CancellationToken cancellationToken) =>
        Read(
            session =>
            {
                using var reader = session.Command($"SELECT {Columns} FROM writes WHERE write_id = $id", ("$id", id.Value)).ExecuteReader();
                return reader.Read() ? StoredWriteRow.Read(reader) : null;
            },
            cancellationToken);

    public Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(int limit, CancellationToken cancellationToken) =>
        Read(session => ReadWrites(session.Command($"SELECT {Columns} FROM writes WHERE status = 'queued' ORDER BY seq LIMIT $limit", ("$limit", limit))), cancellationToken);

    public Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(string conversationId, CancellationToken cancellationToken) =>
        Read(
            session => ReadWrites(session.Command($"SELECT {Columns} FROM writes WHERE status = 'queued' AND conversation_id = $conversation ORDER BY seq", ("$conversation", conversationId))),
            cancellationToken);

    public async Task<IReadOnlyList<string>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var candidates = await Read(
            session =>
            {
                using var reader = session.Command(
                    "SELECT conversation_id FROM writes WHERE status = 'queued' GROUP BY conversation_id ORDER BY MIN(seq) LIMIT $limit",
                    ("$limit", MaxClaimCandidates)).ExecuteReader();
                var list = new List<string>();
                while (reader.Read())
                {
                    list.Add(reader.GetString(0));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
        return _claims.Claim(candidates, owner, max, now, lease);
    }

    public Task<IReadOnlyList<string>> RenewAsync(string owner, IReadOnlyCollection<string> conversationIds, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(_claims.Renew(owner, conversationIds, now, lease));

    public Task ReleaseAsync(string owner, string conversationId, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        _claims.Release(owner, conversationId, retryAt);
        return Task.CompletedTask;
    }

    public Task<QueueStatistics> GetStatisticsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Read(
            session =>
            {
                using var reader = session.Command("SELECT status, COUNT(*), MIN(accepted_at) FROM writes GROUP BY status").ExecuteReader();
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

                return new QueueStatistics(byStatus.GetValueOrDefault(WriteStatus.Queued), oldest, byStatus);
            },
            cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) =>
        Read(session => SqliteMigrations.CurrentVersion(session.Connection), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Whatever was queued before is still committed (or read) and answered.
        if (_writer is not null)
        {
            await _writer.StopAsync().ConfigureAwait(false);
        }

        if (_reader is not null)
        {
            await _reader.StopAsync().ConfigureAwait(false);
        }

        if (_checkpointer is not null)
        {
            await _checkpointer.StopAsync().ConfigureAwait(false);
        }

        _writeSession?.Dispose();
        _readSession?.Dispose();
        _checkpointSession?.Dispose();
    }

    private static IReadOnlyList<StoredWrite> ReadWrites(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<StoredWrite>();
        while (reader.Read())
        {
            list.Add(StoredWriteRow.Read(reader));
        }

        return list;
    }

    private Task<T> Read<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(_reader, new ReadOperation<T>(read), cancellationToken);
    }

    private static async Task<T> Enqueue<T>(StoreThread<StoreOperation>? thread, StoreOperation<T> operation, CancellationToken cancellationToken, bool background = false)
    {
        if (thread is null)
        {
            throw new InvalidOperationException("Call MigrateAsync before using the store.");
        }

        if (!thread.TryAdd(operation, background))
        {
            throw new ObjectDisposedException(nameof(SqliteRelayStore), "The relay store is closed.");
        }

        // The caller may stop waiting, but the change itself is never cancelled half-way.
        return await operation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void RunEach(SqliteSession session, List<StoreOperation> batch)
    {
        foreach (var operation in batch)
        {
            try
            {
                operation.Execute(session, null);
                operation.Publish();
            }
            catch (Exception e)
            {
                operation.Fail(e);
            }
        }
    }

    private void WriteBatch(List<StoreOperation> batch)
    {
        try
        {
            Commit(batch);
            batch.ForEach(operation => operation.Publish());
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
        }

        _rowsSinceCheckpoint += batch.Sum(operation => operation.Rows);
        switch (Volatile.Read(ref _checkpointStage))
        {
            case CheckpointIdle when _rowsSinceCheckpoint >= RowsPerCheckpoint:
                _rowsSinceCheckpoint = 0;
                Volatile.Write(ref _checkpointStage, CheckpointCopying);
                var copy = new ReadOperation<bool>(session =>
                {
                    try
                    {
                        Checkpoint(session);
                    }
                    finally
                    {
                        Volatile.Write(ref _checkpointStage, CheckpointCopied);
                    }

                    return true;
                });
                if (!_checkpointer!.TryAdd(copy))
                {
                    Volatile.Write(ref _checkpointStage, CheckpointIdle);
                }

                break;
            case CheckpointCopied:
                // Only the frames committed while the checkpointer copied are left: this one is short.
                Checkpoint(_writeSession!);
                Volatile.Write(ref _checkpointStage, CheckpointIdle);
                break;
        }
    }

    private void Commit(List<StoreOperation> batch)
    {
        var session = _writeSession!;
        using var transaction = session.Connection.BeginTransaction();
        session.Transaction = transaction;
        try
        {
            var state = new BatchState();
            foreach (var operation in batch)
            {
                operation.Execute(session, state);
            }

            transaction.Commit();
        }
        finally
        {
            session.Transaction = null;
        }
    }

    /// <summary>
    /// A PASSIVE checkpoint: it never waits for readers, copies what they allow, and leaves the rest to the next
    /// one. Best effort: durability never depends on it (the WAL is the durable copy).
    /// </summary>
    private static void Checkpoint(SqliteSession session)
    {
        try
        {
            session.Execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (SqliteException)
        {
            // A busy database is checkpointed next time.
        }
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
}
