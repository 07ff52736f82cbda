using Npgsql;

namespace ParticipantData.Relay.Store.Postgres;

/// <summary>What the instances on this database coordinate besides the queue: wake-ups, liveness, the shared budget.</summary>
public sealed partial class PostgresRelayStore : IRelayCluster
{
    private static readonly TimeSpan ListenCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    async Task IRelayCluster.ListenAsync(Action onQueued, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, _) => onQueued();
                using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                onQueued(); // whatever was queued while this instance was not listening
                while (true)
                {
                    if (!await connection.WaitAsync(ListenCheck, cancellationToken).ConfigureAwait(false))
                    {
                        // Quiet for a while: make sure the connection is still there (a dead one would wait forever).
                        using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // The database went away: the safety-net poll keeps delivering meanwhile; listen again shortly.
                try
                {
                    await Task.Delay(Reconnect, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    Task<int> IRelayCluster.HeartbeatAsync(string owner, DateTimeOffset now, TimeSpan liveFor, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var batch = new NpgsqlBatch(connection);
        var seen = new NpgsqlBatchCommand("INSERT INTO relay_instances (owner, seen_at) VALUES ($1, $2) ON CONFLICT (owner) DO UPDATE SET seen_at = EXCLUDED.seen_at");
        seen.Parameters.Add(PostgresRows.Text(owner));
        seen.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        batch.BatchCommands.Add(seen);
        var stale = (now - liveFor).ToUnixTimeMilliseconds();
        var prune = new NpgsqlBatchCommand("DELETE FROM relay_instances WHERE seen_at < $1");
        prune.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stale });
        batch.BatchCommands.Add(prune);
        var count = new NpgsqlBatchCommand("SELECT COUNT(*) FROM relay_instances WHERE seen_at >= $1");
        count.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stale });
        batch.BatchCommands.Add(count);
        return Math.Max(1, Convert.ToInt32(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
    });

    Task IRelayCluster.LeaveAsync(string owner, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var command = _source.CreateCommand("DELETE FROM relay_instances WHERE owner = $1");
        command.Parameters.Add(PostgresRows.Text(owner));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    });

    Task<BudgetAnswer> IRelayCluster.TakeBudgetAsync(string client, SharedBudgetRate rate, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        // One row per OAuth client, refilled and spent in one statement under its row lock, on the database's clock
        // (one clock for every instance, whatever theirs say).
        const string Take =
            "WITH b AS (SELECT client, tokens, refilled_at, paused_until, extract(epoch FROM clock_timestamp())::float8 AS t FROM relay_budget WHERE client = $1 FOR UPDATE), " +
            "c AS (SELECT client, t, paused_until, LEAST($2, tokens + GREATEST(0, t - refilled_at) * $3) AS avail FROM b) " +
            "UPDATE relay_budget r SET tokens = CASE WHEN c.avail >= 1 AND c.t >= c.paused_until THEN c.avail - 1 ELSE c.avail END, refilled_at = GREATEST(r.refilled_at, c.t) " +
            "FROM c WHERE r.client = c.client " +
            "RETURNING c.avail >= 1 AND c.t >= c.paused_until, GREATEST((1 - c.avail) / $3, c.paused_until - c.t)";
        for (var attempt = 0; ; attempt++)
        {
            using (var take = _source.CreateCommand(Take))
            {
                take.Parameters.Add(PostgresRows.Text(client));
                take.Parameters.Add(new NpgsqlParameter<double> { TypedValue = rate.Burst });
                take.Parameters.Add(new NpgsqlParameter<double> { TypedValue = rate.PerSecond });
                using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var granted = reader.GetBoolean(0);
                    var wait = granted ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Clamp(reader.GetDouble(1), 0.001, 3600));
                    return new BudgetAnswer(granted, wait);
                }
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException($"The shared budget row of OAuth client '{client}' could not be created.");
            }

            // First use of this client on this database: a full bucket.
            using var create = _source.CreateCommand("INSERT INTO relay_budget (client, tokens, refilled_at) VALUES ($1, $2, extract(epoch FROM clock_timestamp())::float8) ON CONFLICT (client) DO NOTHING");
            create.Parameters.Add(PostgresRows.Text(client));
            create.Parameters.Add(new NpgsqlParameter<double> { TypedValue = rate.Burst });
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    });

    Task IRelayCluster.PauseBudgetAsync(string client, TimeSpan retryAfter, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        using var command = _source.CreateCommand("UPDATE relay_budget SET paused_until = GREATEST(paused_until, extract(epoch FROM clock_timestamp())::float8 + $2) WHERE client = $1");
        command.Parameters.Add(PostgresRows.Text(client));
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = retryAfter.TotalSeconds });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    });
}
