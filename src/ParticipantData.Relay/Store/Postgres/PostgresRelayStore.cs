using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace ParticipantData.Relay.Store.Postgres;

/// <summary>
/// The relay's queue in PostgreSQL, shared by several relay instances. Accepts go through one writer per instance
/// that commits whatever has queued up meanwhile in one transaction (group commit) and notifies the other instances
/// (<c>NOTIFY pdata_relay</c>). Delivery claims are rows of <c>relay_claims</c> taken with
/// <c>FOR UPDATE SKIP LOCKED</c> and held under a lease. The database's default <c>synchronous_commit = on</c>
/// makes a committed write survive a crash of the database server too.
/// </summary>
public sealed partial class PostgresRelayStore : IRelayStore
{
    private const int MaxBatch = 256;
    private const string Channel = "pdata_relay";
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly Channel<AcceptOperation> _accepts = System.Threading.Channels.Channel.CreateUnbounded<AcceptOperation>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    /// <summary>A store on the database the Npgsql connection string names (see <see cref="RelayStoreLocation"/> for URLs).</summary>
    public PostgresRelayStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "pdata relay";
        }

        Target = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>host:port/database (never the password).</summary>
    public string Target { get; }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresMigrations.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"The relay cannot use its PostgreSQL store at {Target}: {e.Message} Check --store (host, port, database and user; the password in the connection string or PGPASSWORD), that the server accepts connections, and that the user may create tables in the database.",
                e);
        }

        _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);
    }

    public async Task<AcceptResult> AcceptAsync(NewWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_writer is null)
        {
            throw new InvalidOperationException("Call MigrateAsync before using the store.");
        }

        var operation = new AcceptOperation(write);
        if (!_accepts.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(PostgresRelayStore), "The relay store is closed.");
        }

        // The caller may stop waiting, but the transaction is never cancelled half-way.
        return await operation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<StoredWrite?> FindAsync(WriteId id, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var command = _source.CreateCommand($"SELECT {PostgresRows.Columns} FROM relay_writes WHERE write_id = $1");
        command.Parameters.Add(PostgresRows.Text(id.Value));
        return (await PostgresRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    });

    public Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(int limit, CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<StoredWrite>>(async () =>
    {
        using var command = _source.CreateCommand($"SELECT {PostgresRows.Columns} FROM relay_writes WHERE status = 'queued' ORDER BY seq LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await PostgresRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    });

    public Task<IReadOnlyList<StoredWrite>> ListQueuedAsync(string conversationId, CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<StoredWrite>>(async () =>
    {
        using var command = _source.CreateCommand($"SELECT {PostgresRows.Columns} FROM relay_writes WHERE status = 'queued' AND conversation_id = $1 ORDER BY seq");
        command.Parameters.Add(PostgresRows.Text(conversationId));
        return await PostgresRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    });

    public Task MarkDeliveringAsync(IReadOnlyCollection<WriteId> ids, CancellationToken cancellationToken) => ids.Count == 0 ? Task.CompletedTask : GuardAsync(async () =>
    {
        using var command = _source.CreateCommand("UPDATE relay_writes SET delivering = TRUE WHERE write_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids.Select(i => i.Value)] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task CompleteAsync(IReadOnlyCollection<WriteCompletion> completions, CancellationToken cancellationToken) => completions.Count == 0 ? Task.CompletedTask : GuardAsync(async () =>
    {
        using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var c in completions)
        {
            var command = new NpgsqlBatchCommand(
                "UPDATE relay_writes SET status = $1, reason = $2, attempts = $3, conflicts = $4, throttles = $5, coalesced = $6, guarded = $7, " +
                "delivered_participant_id = COALESCE($8, delivered_participant_id), endpoint_status = $9, endpoint_body = $10, delivering = FALSE, " +
                "updated_at = $11, completed_at = CASE WHEN $1 = 'queued' THEN NULL ELSE $11 END WHERE write_id = $12");
            command.Parameters.Add(PostgresRows.Text(c.Status.ToWire()));
            command.Parameters.Add(PostgresRows.Text(c.Reason));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c.Attempts });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c.ConflictsAbsorbed });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c.ThrottlesAbsorbed });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c.CoalescedWrites });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = c.Guarded });
            command.Parameters.Add(PostgresRows.Text(c.DeliveredParticipantId));
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)c.EndpointStatus ?? DBNull.Value });
            command.Parameters.Add(PostgresRows.Text(c.EndpointBody));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = c.At.ToUnixTimeMilliseconds() });
            command.Parameters.Add(PostgresRows.Text(c.Id.Value));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task ResolveEnrichmentAsync(WriteId id, IReadOnlyDictionary<string, string> attributes, DateTimeOffset at, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var command = _source.CreateCommand("UPDATE relay_writes SET attributes = $1, updated_at = $2 WHERE write_id = $3 AND status = 'queued'");
        command.Parameters.Add(PostgresRows.Text(System.Text.Json.JsonSerializer.Serialize(attributes, Api.RelayJsonContext.Default.IReadOnlyDictionaryStringString)));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = at.ToUnixTimeMilliseconds() });
        command.Parameters.Add(PostgresRows.Text(id.Value));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task<QueueStatistics> GetStatisticsAsync(DateTimeOffset now, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var command = _source.CreateCommand("SELECT status, COUNT(*), MIN(accepted_at) FROM relay_writes GROUP BY status");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var byStatus = new Dictionary<WriteStatus, int>();
        DateTimeOffset? oldest = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = WriteStatusText.Parse(reader.GetString(0));
            byStatus[status] = (int)reader.GetInt64(1);
            if (status == WriteStatus.Queued)
            {
                oldest = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            }
        }

        return new QueueStatistics(byStatus.GetValueOrDefault(WriteStatus.Queued), oldest, byStatus);
    });

    public Task PingAsync(CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresMigrations.CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    });

    public async ValueTask DisposeAsync()
    {
        _accepts.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        await _source.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a database call; a failure to reach the database becomes <see cref="RelayStoreUnavailableException"/>.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Unavailable(e);
        }
    }

    private RelayStoreUnavailableException Unavailable(Exception e) =>
        new($"The relay's PostgreSQL store ({Target}) is unavailable: {e.Message}", e);

    private async Task WriteLoopAsync()
    {
        var batch = new List<AcceptOperation>(MaxBatch);
        while (await _accepts.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _accepts.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A deadlock with another instance's batch, a bad row, or the database gone: each on its own, so one
                // failure does not fail the others; what still fails is answered with the reason.
                foreach (var operation in batch)
                {
                    try
                    {
                        await CommitAsync([operation]).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        operation.Completion.TrySetException(e is NpgsqlException or TimeoutException ? Unavailable(e) : e);
                    }
                }
            }
        }
    }

    /// <summary>One transaction for the batch: the inserts in conversation order (so two instances' batches take claim-row locks in the same order), one NOTIFY.</summary>
    private async Task CommitAsync(List<AcceptOperation> batch)
    {
        var ordered = batch.Select((operation, index) => (operation, index)).OrderBy(x => x.operation.Write.ConversationId, StringComparer.Ordinal).ThenBy(x => x.index).Select(x => x.operation).ToList();
        using var connection = await _source.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        var sequences = new long?[ordered.Count];
        using (var inserts = new NpgsqlBatch(connection, transaction))
        {
            foreach (var operation in ordered)
            {
                inserts.BatchCommands.Add(PostgresRows.Insert(operation.Write));
            }

            inserts.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', '')"));
            using var reader = await inserts.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < ordered.Count; i++)
            {
                if (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    sequences[i] = reader.GetInt64(0);
                }

                await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var results = new AcceptResult[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            var write = ordered[i].Write;
            if (sequences[i] is { } sequence)
            {
                results[i] = new AcceptResult(AcceptOutcome.Created, new StoredWrite { Sequence = sequence, Accepted = write, Attributes = write.Attributes, Status = WriteStatus.Queued, UpdatedAt = write.AcceptedAt });
                continue;
            }

            // Stored already: by an earlier attempt of this very batch whose commit answer was lost (same write id), or
            // the idempotency key was taken (by an earlier transaction or earlier in this one): answer that write.
            using var find = new NpgsqlCommand($"SELECT {PostgresRows.Columns} FROM relay_writes WHERE write_id = $1 OR idempotency_key = $2 ORDER BY write_id = $1 DESC LIMIT 1", connection, transaction);
            find.Parameters.Add(PostgresRows.Text(write.Id.Value));
            find.Parameters.Add(PostgresRows.Text(write.IdempotencyKey));
            var earlier = (await PostgresRows.ReadAllAsync(find, CancellationToken.None).ConfigureAwait(false)).Single();
            results[i] = earlier.Id == write.Id
                ? new AcceptResult(AcceptOutcome.Created, earlier)
                : new AcceptResult(earlier.Accepted.RequestHash == write.RequestHash ? AcceptOutcome.Duplicate : AcceptOutcome.KeyReused, earlier);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Completion.TrySetResult(results[i]);
        }
    }

    private sealed class AcceptOperation(NewWrite write)
    {
        public NewWrite Write { get; } = write;

        public TaskCompletionSource<AcceptResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
