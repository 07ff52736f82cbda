using Npgsql;
using ParticipantData.Relay.Store;
using ParticipantData.Relay.Store.Postgres;
using ParticipantData.Testing.Postgres;

namespace ParticipantData.Relay.Tests.Store;

/// <summary>The store contract on PostgreSQL (a database per store name), and what only PostgreSQL does: migrations under a lock, NOTIFY, the shared budget.</summary>
public sealed class PostgresRelayStoreTests : RelayStoreContract
{
    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);

    protected override async Task<IRelayStore> OpenAsync(string name)
    {
        if (!_databases.TryGetValue(name, out var connection))
        {
            connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
            _databases[name] = connection;
        }

        var store = new PostgresRelayStore(connection, Time);
        await store.MigrateAsync(default);
        return store;
    }

    [Fact]
    public async Task Instances_starting_at_once_migrate_the_schema_once()
    {
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgresRelayStore(connection, Time)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(default))));
        await stores[0].AcceptAsync(Write(), default);

        await using var check = new NpgsqlConnection(connection);
        await check.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM relay_schema_version", check);
        await using var reader = await versions.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).ShouldBe(PostgresMigrations.Latest);
        reader.GetInt32(1).ShouldBe(PostgresMigrations.Latest);
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_database_written_by_a_newer_relay_is_refused_with_what_to_do()
    {
        var server = await PostgresServer.GetAsync();
        var connection = await server.CreateDatabaseAsync();
        await using (var store = new PostgresRelayStore(connection, Time))
        {
            await store.MigrateAsync(default);
        }

        await server.ExecuteAsync("INSERT INTO relay_schema_version (version) VALUES (99)", connection);

        await using var older = new PostgresRelayStore(connection, Time);
        var error = await Should.ThrowAsync<InvalidOperationException>(() => older.MigrateAsync(default));
        error.Message.ShouldContain("schema version 99");
        error.Message.ShouldContain("Upgrade this relay");
    }

    [Fact]
    public async Task An_unreachable_database_is_refused_at_start_with_where_and_what_to_check()
    {
        var port = new NpgsqlConnectionStringBuilder((await PostgresServer.GetAsync()).AdminConnectionString).Port;
        await using var store = new PostgresRelayStore($"Host=127.0.0.1;Port={port};Database=pdata_no_such_database;Username=postgres;Password=not-shown-7731", Time);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => store.MigrateAsync(default));

        error.Message.ShouldContain($"127.0.0.1:{port}/pdata_no_such_database");
        error.Message.ShouldContain("Check --store");
        error.Message.ShouldNotContain("not-shown-7731");
    }

    [Fact]
    public async Task A_write_accepted_by_one_instance_wakes_the_others_by_notification()
    {
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var accepting = new PostgresRelayStore(connection, Time);
        await using var listening = new PostgresRelayStore(connection, Time);
        await accepting.MigrateAsync(default);
        await listening.MigrateAsync(default);
        var listened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        using var stop = new CancellationTokenSource();

        // The first call comes once LISTEN is in place (it covers whatever was queued before); the second is the notification.
        var listen = ((IRelayCluster)listening).ListenAsync(() => (Interlocked.Increment(ref calls) == 1 ? listened : woken).TrySetResult(), stop.Token);
        await listened.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await accepting.AcceptAsync(Write(), default);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await listen;
    }

    [Fact]
    public async Task The_shared_budget_grants_a_burst_then_paces_every_instance_from_one_bucket()
    {
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var one = new PostgresRelayStore(connection, Time);
        await using var two = new PostgresRelayStore(connection, Time);
        await one.MigrateAsync(default);
        await two.MigrateAsync(default);
        var rate = new SharedBudgetRate(300);
        IRelayCluster a = one, b = two;

        // 300/min: a burst of 5, then 290/min; the two instances draw from the same 5.
        var answers = new List<BudgetAnswer>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await a.TakeBudgetAsync("client-x", rate, default));
            answers.Add(await b.TakeBudgetAsync("client-x", rate, default));
        }

        rate.Burst.ShouldBe(5);
        rate.MaxPerMinute.ShouldBe(295, 0.001);
        answers.Count(x => x.Granted).ShouldBe(5);
        var refused = answers.Last();
        refused.Granted.ShouldBeFalse();
        refused.Wait.ShouldBeInRange(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60 / 290.0 + 0.01));
        (await a.TakeBudgetAsync("client-y", rate, default)).Granted.ShouldBeTrue("another OAuth client has a bucket of its own");
    }

    [Fact]
    public async Task A_429_pauses_the_shared_budget_for_every_instance()
    {
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var one = new PostgresRelayStore(connection, Time);
        await using var two = new PostgresRelayStore(connection, Time);
        await one.MigrateAsync(default);
        await two.MigrateAsync(default);
        var rate = new SharedBudgetRate(300);
        IRelayCluster a = one, b = two;
        (await a.TakeBudgetAsync("client-p", rate, default)).Granted.ShouldBeTrue();

        await a.PauseBudgetAsync("client-p", TimeSpan.FromSeconds(20), default);
        var answer = await b.TakeBudgetAsync("client-p", rate, default);

        answer.Granted.ShouldBeFalse();
        answer.Wait.ShouldBeInRange(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Live_instances_are_counted_from_their_heartbeats_and_leave_on_a_clean_stop()
    {
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var store = new PostgresRelayStore(connection, Time);
        await store.MigrateAsync(default);
        IRelayCluster cluster = store;
        var live = TimeSpan.FromSeconds(15);

        (await cluster.HeartbeatAsync("a", Time.GetUtcNow(), live, default)).ShouldBe(1);
        (await cluster.HeartbeatAsync("b", Time.GetUtcNow(), live, default)).ShouldBe(2);
        Time.Advance(TimeSpan.FromSeconds(20));
        (await cluster.HeartbeatAsync("a", Time.GetUtcNow(), live, default)).ShouldBe(1, "b's heartbeat went stale");
        await cluster.LeaveAsync("a", default);
        (await cluster.HeartbeatAsync("c", Time.GetUtcNow(), live, default)).ShouldBe(1);
    }
}
