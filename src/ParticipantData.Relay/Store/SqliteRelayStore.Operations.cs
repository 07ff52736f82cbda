using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using ParticipantData.Relay.Api;

namespace ParticipantData.Relay.Store;

/// <summary>The changes the store's one writer runs, each inside the batch's transaction, and what they share.</summary>
public sealed partial class SqliteRelayStore
{
    /// <summary>What the operations of one transaction share: idempotency keys stored earlier in it.</summary>
    private sealed class BatchState
    {
        public Dictionary<string, StoredWrite> Keys { get; } = new(StringComparer.Ordinal);
    }

    private abstract class StoreOperation
    {
        public abstract void Execute(SqliteConnection connection, SqliteTransaction transaction, BatchState state);

        /// <summary>Called once the transaction that ran <see cref="Execute"/> is committed.</summary>
        public abstract void Publish();

        public abstract void Fail(Exception e);
    }

    private abstract class StoreOperation<T> : StoreOperation
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public sealed override void Execute(SqliteConnection connection, SqliteTransaction transaction, BatchState state) =>
            _result = Run(connection, transaction, state);

        public sealed override void Publish() => Completion.TrySetResult(_result!);

        public sealed override void Fail(Exception e) => Completion.TrySetException(e);

        protected abstract T Run(SqliteConnection connection, SqliteTransaction transaction, BatchState state);
    }

    private sealed class AcceptOperation(NewWrite write) : StoreOperation<AcceptResult>
    {
        protected override AcceptResult Run(SqliteConnection connection, SqliteTransaction transaction, BatchState state)
        {
            if (write.IdempotencyKey is { } key)
            {
                var earlier = state.Keys.GetValueOrDefault(key) ?? FindWhere(connection, transaction, "idempotency_key = $key", key);
                if (earlier is not null)
                {
                    return new AcceptResult(
                        string.Equals(earlier.Accepted.RequestHash, write.RequestHash, StringComparison.Ordinal) ? AcceptOutcome.Duplicate : AcceptOutcome.KeyReused,
                        earlier);
                }
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                "INSERT INTO writes (write_id, kind, conversation_id, participant_id, purpose, attributes, source, inputs, idempotency_key, request_hash, status, accepted_at, deadline_at, updated_at) " +
                "VALUES ($id, $kind, $conversation, $participant, $purpose, $attributes, $source, $inputs, $key, $hash, 'queued', $accepted, $deadline, $accepted) RETURNING seq";
            command.Parameters.AddWithValue("$id", write.Id.Value);
            command.Parameters.AddWithValue("$kind", write.Kind.ToWire());
            command.Parameters.AddWithValue("$conversation", write.ConversationId);
            command.Parameters.AddWithValue("$participant", (object?)write.ParticipantId ?? DBNull.Value);
            command.Parameters.AddWithValue("$purpose", (object?)write.Purpose ?? DBNull.Value);
            command.Parameters.AddWithValue("$attributes", write.Attributes is null ? DBNull.Value : JsonSerializer.Serialize(write.Attributes, RelayJsonContext.Default.IReadOnlyDictionaryStringString));
            command.Parameters.AddWithValue("$source", (object?)write.Source ?? DBNull.Value);
            command.Parameters.AddWithValue("$inputs", (object?)write.InputsJson ?? DBNull.Value);
            command.Parameters.AddWithValue("$key", (object?)write.IdempotencyKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$hash", write.RequestHash);
            command.Parameters.AddWithValue("$accepted", write.AcceptedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$deadline", write.DeadlineAt.ToUnixTimeMilliseconds());
            var sequence = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            var stored = new StoredWrite
            {
                Sequence = sequence,
                Accepted = write,
                Attributes = write.Attributes,
                Status = WriteStatus.Queued,
                UpdatedAt = write.AcceptedAt,
            };
            if (write.IdempotencyKey is { } k)
            {
                state.Keys[k] = stored;
            }

            return new AcceptResult(AcceptOutcome.Created, stored);
        }
    }

    private sealed class MarkDeliveringOperation(IReadOnlyCollection<WriteId> ids) : StoreOperation<bool>
    {
        protected override bool Run(SqliteConnection connection, SqliteTransaction transaction, BatchState state)
        {
            foreach (var id in ids)
            {
                SqliteRelayStore.Run(connection, transaction, "UPDATE writes SET delivering = 1 WHERE write_id = $id", ("$id", id.Value));
            }

            return true;
        }
    }

    private sealed class CompleteOperation(IReadOnlyCollection<WriteCompletion> completions) : StoreOperation<bool>
    {
        protected override bool Run(SqliteConnection connection, SqliteTransaction transaction, BatchState state)
        {
            foreach (var c in completions)
            {
                var at = c.At.ToUnixTimeMilliseconds();
                SqliteRelayStore.Run(
                    connection,
                    transaction,
                    "UPDATE writes SET status = $status, reason = $reason, attempts = $attempts, conflicts = $conflicts, throttles = $throttles, " +
                    "coalesced = $coalesced, guarded = $guarded, delivered_participant_id = COALESCE($pid, delivered_participant_id), " +
                    "endpoint_status = $endpointStatus, endpoint_body = $endpointBody, delivering = 0, updated_at = $at, " +
                    "completed_at = CASE WHEN $status = 'queued' THEN NULL ELSE $at END WHERE write_id = $id",
                    ("$status", c.Status.ToWire()),
                    ("$reason", c.Reason),
                    ("$attempts", c.Attempts),
                    ("$conflicts", c.ConflictsAbsorbed),
                    ("$throttles", c.ThrottlesAbsorbed),
                    ("$coalesced", c.CoalescedWrites),
                    ("$guarded", c.Guarded ? 1 : 0),
                    ("$pid", c.DeliveredParticipantId),
                    ("$endpointStatus", c.EndpointStatus),
                    ("$endpointBody", c.EndpointBody),
                    ("$at", at),
                    ("$id", c.Id.Value));
            }

            return true;
        }
    }

    private sealed class ResolveOperation(WriteId id, IReadOnlyDictionary<string, string> attributes, DateTimeOffset at) : StoreOperation<bool>
    {
        protected override bool Run(SqliteConnection connection, SqliteTransaction transaction, BatchState state)
        {
            SqliteRelayStore.Run(
                connection,
                transaction,
                "UPDATE writes SET attributes = $attributes, updated_at = $at WHERE write_id = $id AND status = 'queued'",
                ("$attributes", JsonSerializer.Serialize(attributes, RelayJsonContext.Default.IReadOnlyDictionaryStringString)),
                ("$at", at.ToUnixTimeMilliseconds()),
                ("$id", id.Value));
            return true;
        }
    }
}
