using Npgsql;
using ParticipantData.Relay.Store.Postgres;

namespace ParticipantData.Relay.Store;

/// <summary>
/// What <c>--store</c> / <c>store:</c> names: a SQLite file (the default), or a PostgreSQL database given as an
/// Npgsql connection string (<c>Host=db;Port=5432;Database=relay;Username=relay</c>) or a <c>postgres://</c> URL.
/// </summary>
public static class RelayStoreLocation
{
    /// <summary>True when <paramref name="store"/> names a PostgreSQL database rather than a file.</summary>
    public static bool IsPostgres(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = store.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A connection string is key=value pairs, one of them the host. A file name with '=' in it is not.
        return text.Contains('=', StringComparison.Ordinal)
            && text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(pair => pair.Split('=', 2)[0].Trim() is var key
                    && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Opens (does not migrate) the store <paramref name="store"/> names.</summary>
    /// <exception cref="ArgumentException">A PostgreSQL location that cannot be read; the message says what is wrong.</exception>
    public static IRelayStore Open(string store, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        return IsPostgres(store) ? new PostgresRelayStore(ToConnectionString(store), timeProvider) : new SqliteRelayStore(store);
    }

    /// <summary>The store as it may be printed: the file's full path, or the database without its password.</summary>
    public static string Describe(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!IsPostgres(store))
        {
            return $"{Path.GetFullPath(store)} (SQLite, WAL)";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ToConnectionString(store));
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username} as {builder.Username ?? "(default user)"}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (unreadable connection string)";
        }
    }

    /// <summary>A <c>postgres://user:password@host:port/database?sslmode=require</c> URL as an Npgsql connection string; a connection string as it is.</summary>
    /// <exception cref="ArgumentException">The URL or connection string is malformed.</exception>
    public static string ToConnectionString(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = store.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The PostgreSQL connection string given as the store is malformed ({e.Message}); write it as Host=...;Port=5432;Database=...;Username=... or as postgres://user@host:5432/database.", e);
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            throw new ArgumentException("The PostgreSQL URL given as the store is malformed; write it as postgres://user:password@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port };
        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The PostgreSQL URL given as the store has an unknown parameter '{key}' ({e.Message}).", e);
            }
        }

        return builder.ConnectionString;
    }
}
