using Microsoft.Data.Sqlite;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Tests.Store;

public sealed class SqliteRelayStoreTests : RelayStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pdata-relay-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IRelayStore> OpenAsync(string name)
    {
        var store = new SqliteRelayStore(Path.Combine(_directory, name + ".db"));
        await store.MigrateAsync(default);
        return store;
    }

    [Fact]
    public async Task The_file_uses_WAL_and_records_its_schema_version()
    {
        var path = Path.Combine(_directory, "wal.db");
        await using (var store = new SqliteRelayStore(path))
        {
            await store.MigrateAsync(default);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        (await mode.ExecuteScalarAsync()).ShouldBe("wal");
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT MAX(version) FROM schema_version";
        Convert.ToInt32(await version.ExecuteScalarAsync()).ShouldBe(SqliteMigrations.Latest);
    }

    [Fact]
    public async Task Migrating_twice_keeps_the_data_and_applies_nothing_again()
    {
        var path = Path.Combine(_directory, "twice.db");
        var write = Write();
        await using (var store = new SqliteRelayStore(path))
        {
            await store.MigrateAsync(default);
            await store.AcceptAsync(write, default);
        }

        await using var again = new SqliteRelayStore(path);
        await again.MigrateAsync(default);

        (await again.FindAsync(write.Id, default)).ShouldNotBeNull();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM schema_version";
        Convert.ToInt32(await count.ExecuteScalarAsync()).ShouldBe(SqliteMigrations.Latest);
    }

    [Fact]
    public async Task A_store_written_by_a_newer_relay_is_refused_with_what_to_do()
    {
        var path = Path.Combine(_directory, "newer.db");
        await using (var store = new SqliteRelayStore(path))
        {
            await store.MigrateAsync(default);
        }

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var bump = connection.CreateCommand();
            bump.CommandText = "INSERT INTO schema_version (version) VALUES (99)";
            await bump.ExecuteNonQueryAsync();
        }

        await using var newer = new SqliteRelayStore(path);
        var error = await Should.ThrowAsync<InvalidOperationException>(() => newer.MigrateAsync(default));
        error.Message.ShouldContain("schema version 99");
        error.Message.ShouldContain("Upgrade this relay");
    }

    [Fact]
    public async Task The_WAL_starts_over_while_writes_never_stop()
    {
        // Eight writers that never pause keep the store's one writer busy all the time: a checkpoint that is not
        // the writer's own never catches up then, SQLite never starts the WAL over, and it grew by several KB per
        // write (400 MB in a 30-second benchmark). 3,000 writes would leave well over 4 MB of WAL that way.
        var path = Path.Combine(_directory, "steady.db");
        await using var store = new SqliteRelayStore(path);
        await store.MigrateAsync(default);
        var accepted = new System.Collections.Concurrent.ConcurrentBag<WriteId>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 375; i++)
            {
                var result = await store.AcceptAsync(Write(value: $"{writer}-{i}"), default);
                accepted.Add(result.Write.Id);
                if (i % 50 == 49)
                {
                    // A delivery's bookkeeping, meanwhile.
                    var done = accepted.Take(40).Select(id => new WriteCompletion { Id = id, Status = WriteStatus.Applied, At = DateTimeOffset.UnixEpoch }).ToList();
                    await store.CompleteAsync(done, default);
                }
            }
        })));

        accepted.Count.ShouldBe(3000);
        new FileInfo(path + "-wal").Length.ShouldBeLessThan(4L * 1024 * 1024);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }
}
