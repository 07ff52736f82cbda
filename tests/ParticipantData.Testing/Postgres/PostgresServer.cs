using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ParticipantData.Testing.Postgres;

/// <summary>
/// The PostgreSQL server the tests and benchmarks use: the one <c>PDATA_TEST_POSTGRES</c> names (a connection string
/// of a user that may create databases; CI sets it), or else a throw-away cluster started here with
/// <c>initdb</c> and <c>pg_ctl</c> on a free loopback port in a temporary folder, stopped when the process exits.
/// Each user of it gets a database of its own (<see cref="CreateDatabaseAsync"/>). Without either, it fails and
/// says what to install or set: the PostgreSQL tests are never skipped.
/// </summary>
public sealed class PostgresServer
{
    public const string Variable = "PDATA_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private PostgresServer(string adminConnectionString, string? ownCluster)
    {
        AdminConnectionString = adminConnectionString;
        OwnCluster = ownCluster;
    }

    /// <summary>A connection string with the right to create and drop databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The data folder when this process started the cluster itself; null for <c>PDATA_TEST_POSTGRES</c>.</summary>
    public string? OwnCluster { get; }

    /// <summary>The server, started once per process.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and answers a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "pdata_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Makes the database unreachable: refuses new connections and ends the open ones (as if its server went away).</summary>
    public async Task BlockAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await ExecuteAsync($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false");
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
    }

    /// <summary>Lets the database accept connections again.</summary>
    public Task UnblockAsync(string connectionString) =>
        ExecuteAsync($"ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH ALLOW_CONNECTIONS true");

    /// <summary>Runs SQL as the administrator on the database of <paramref name="connectionString"/> (or the admin database).</summary>
    public async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            try
            {
                await using var connection = new NpgsqlConnection(given);
                await connection.OpenAsync();
            }
            catch (Exception e) when (e is NpgsqlException or ArgumentException)
            {
                throw new InvalidOperationException($"{Variable} is set but PostgreSQL cannot be reached with it: {e.Message}", e);
            }

            return new PostgresServer(given, null);
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            $"These tests need PostgreSQL and none was found: set {Variable} to the connection string of a user who may create databases " +
            "(e.g. Host=127.0.0.1;Port=5432;Username=postgres), or install PostgreSQL's server binaries (Debian: apt-get install postgresql) so the tests start a throw-away cluster themselves.");
        return await StartClusterAsync(bin);
    }

    private static string? FindBinaries()
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        if (Environment.GetEnvironmentVariable("PDATA_POSTGRES_BIN") is { Length: > 0 } configured && Has(configured))
        {
            return configured;
        }

        var debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            foreach (var version in Directory.GetDirectories(debian).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            {
                if (Has(Path.Combine(version, "bin")))
                {
                    return Path.Combine(version, "bin");
                }
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(d => d.Length > 0 && Has(d));
    }

    private static async Task<PostgresServer> StartClusterAsync(string bin)
    {
        // Clusters of earlier runs whose process was stopped before it could remove them (a server no longer runs there).
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), "pdata-postgres-*").Where(d => !File.Exists(Path.Combine(d, "data", "postmaster.pid"))))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run's, or not ours to remove.
            }
        }

        var folder = Path.Combine(Path.GetTempPath(), "pdata-postgres-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        var port = FreePort();

        // initdb refuses to run as root: then the cluster belongs to an unprivileged user.
        var user = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot() ? UnprivilegedUser() : null;
        if (user is not null)
        {
            await RunAsync("chown", null, user, folder);
        }

        await RunAsync(Path.Combine(bin, "initdb"), user, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        var settings = string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=64MB -c synchronous_commit=on");
        await RunAsync(Path.Combine(bin, "pg_ctl"), user, "-D", data, "-o", settings, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(Path.Combine(bin, "pg_ctl"), user, "-D", data, "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // Best effort at exit: the folder is under the temp directory.
            }
        };
        var admin = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", MaxPoolSize = 20 }.ConnectionString;
        return new PostgresServer(admin, data);
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string UnprivilegedUser()
    {
        var users = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')[0]).ToHashSet(StringComparer.Ordinal) : [];
        return users.Contains("postgres") ? "postgres" : users.Contains("nobody") ? "nobody" : throw new InvalidOperationException("Running as root, and neither a 'postgres' nor a 'nobody' user exists to run initdb as.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string? asUser, params string[] arguments)
    {
        var start = new ProcessStartInfo(asUser is null ? program : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser is not null)
        {
            foreach (var a in new[] { "-u", asUser, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
