using Microsoft.Data.Sqlite;

namespace ParticipantData.Relay.Store;

/// <summary>
/// A connection and its prepared statements, kept for the life of the store (one for the writer, one for the
/// reader, each used only by its own <see cref="StoreThread{T}"/>): SQLite parses a statement's SQL each time a
/// new command runs it, and at a thousand accepts a second, with a delivery completing a few hundred rows in one
/// go, that parsing was most of what the one writer spent on each transaction (and every accept waits for it).
/// </summary>
internal sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The transaction the current batch runs in.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>The prepared command for <paramref name="sql"/>, in the current transaction, with these parameter values.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _prepared[sql] = command;
        }

        command.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }

        return command;
    }

    public void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        Connection.Dispose();
    }
}
