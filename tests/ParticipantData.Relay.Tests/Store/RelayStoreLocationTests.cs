using Npgsql;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Tests.Store;

public sealed class RelayStoreLocationTests
{
    [Theory]
    [InlineData("relay.db", false)]
    [InlineData("/var/lib/pdata/relay.db", false)]
    [InlineData("data/a=b.db", false)]
    [InlineData("Host=db;Port=5432;Database=relay;Username=relay", true)]
    [InlineData("server=10.0.0.5;database=relay;user id=relay", true)]
    [InlineData("postgres://relay@db:5432/relay", true)]
    [InlineData("postgresql://relay:secret@db/relay?sslmode=require", true)]
    public void A_file_path_stays_SQLite_and_a_connection_string_or_URL_is_PostgreSQL(string store, bool postgres) =>
        RelayStoreLocation.IsPostgres(store).ShouldBe(postgres);

    [Fact]
    public void A_postgres_URL_becomes_the_same_connection_string()
    {
        var builder = new NpgsqlConnectionStringBuilder(RelayStoreLocation.ToConnectionString("postgres://relay:p%40ss@db.example.com:6543/queue?sslmode=require"));

        builder.Host.ShouldBe("db.example.com");
        builder.Port.ShouldBe(6543);
        builder.Database.ShouldBe("queue");
        builder.Username.ShouldBe("relay");
        builder.Password.ShouldBe("p@ss");
        builder.SslMode.ShouldBe(SslMode.Require);
    }

    [Fact]
    public void The_printed_store_never_shows_the_password()
    {
        var shown = RelayStoreLocation.Describe("Host=db;Port=5432;Database=relay;Username=relay;Password=hunter2");

        shown.ShouldBe("PostgreSQL db:5432/relay as relay");
        RelayStoreLocation.Describe("postgres://relay:hunter2@db/relay").ShouldNotContain("hunter2");
    }

    [Fact]
    public void A_malformed_URL_says_how_to_write_it()
    {
        var error = Should.Throw<ArgumentException>(() => RelayStoreLocation.ToConnectionString("postgres://relay@db/relay?nosuchsetting=1"));

        error.Message.ShouldContain("nosuchsetting");
    }
}
