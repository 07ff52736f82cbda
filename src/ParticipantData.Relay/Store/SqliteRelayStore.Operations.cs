using System.Text.Json;
using Microsoft.Data.Sqlite;
using ParticipantData.Relay.Api;

namespace ParticipantData.Relay.Store;

/// <summary>The operations the store's threads run: the writer's changes, each inside the batch's transaction, and what they share; and reads.</summary>
public sealed partial class SqliteRelayStore
{
    /// <summary>What the operations of one transaction share: idempotency keys stored earlier in it.</summary>
    private sealed class BatchState
    {
        public Dictionary<string, StoredWrite> Keys { get; } = new(StringComparer.Ordinal);
    }

    private abstract class StoreOperation
    {
        /// <summary>Rows the operation writes, about: what the writer counts towards its next checkpoint.</summary>
        public virtual int Rows => 1;

        /// <summary>Runs the operation; <paramref name="state"/> is what a write batch's operations share (null for reads).</summary>
        public abstract void Execute(SqliteSession session, BatchState? state);

        /// <summary>Called once the transaction that ran <see cref="Execute"/> is committed.</summary>
        public abstract void Publish();

        public abstract void Fail(Exception e);
    }

    private abstract class StoreOperation<T> : StoreOperation
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public sealed override void Execute(SqliteSession session, BatchState? state) =>
            _result = Run(session, state!);

        public sealed override void Publish() => Completion.TrySetResult(_result!);

        public sealed override void Fail(Exception e) => Completion.TrySetException(e);

        protected abstract T Run(SqliteSession session, BatchState state);
    }

    /// <summary>A read, on the reader's connection.</summary>
    private sealed class ReadOperation<T>(Func<SqliteSession, T> read) : StoreOperation<T>
    {
        protected override T Run(SqliteSession session, BatchState state) => read(session);
    }

    private sealed class AcceptOperation(NewWrite write) : StoreOperation<AcceptResult>
    {
        private const string ByKey = "SELECT " + Columns + " FROM writes WHERE idempotency_key = $key";

        private const string Insert =
            "INSERT INTO writes (write_id, kind, conversation_id, participant_id, purpose, attributes, source, inputs, idempotency_key, request_hash, status, accepted_at, deadline_at, updated_at) " +
            "VALUES ($id, $kind, $conversation, $participant, $purpose, $attributes, $source, $inputs, $key, $hash, 'queued', $accepted, $deadline, $accepted) RETURNING seq";

        protected override AcceptResult Run(SqliteSession session, BatchState state)
        {
            if (write.IdempotencyKey is { } key)
            {
                var earlier = state.Keys.GetValueOrDefault(key) ?? FindByKey(session, key);
                if (earlier is not null)
                {
                    return new AcceptResult(
                        string.Equals(earlier.Accepted.RequestHash, write.RequestHash, StringComparison.Ordinal) ? AcceptOutcome.Duplicate : AcceptOutcome.KeyReused,
                        earlier);
                }
            }

            var command = session.Command(
                Insert,
                ("$id", write.Id.Value),
                ("$kind", write.Kind.ToWire()),
                ("$conversation", write.ConversationId),
                ("$participant", write.ParticipantId),
                ("$purpose", write.Purpose),
                ("$attributes", write.Attributes is null ? null : JsonSerializer.Serialize(write.Attributes, RelayJsonContext.Default.IReadOnlyDictionaryStringString)),
                ("$source", write.Source),
                ("$inputs", write.InputsJson),
                ("$key", write.IdempotencyKey),
                ("$hash", write.RequestHash),
                ("$accepted", write.AcceptedAt.ToUnixTimeMilliseconds()),
                ("$deadline", write.DeadlineAt.ToUnixTimeMilliseconds()));
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

        private static StoredWrite? FindByKey(SqliteSession session, string key)
        {
            using var reader = session.Command(ByKey, ("$key", key)).ExecuteReader();
            return reader.Read() ? StoredWriteRow.Read(reader) : null;
        }
    }

    private sealed class MarkDeliveringOperation(IReadOnlyCollection<WriteId> ids) : StoreOperation<bool>
    {
        public override int Rows => ids.Count;

        protected override bool Run(SqliteSession session, BatchState state)
        {
            foreach (var id in ids)
            {
                session.Execute("UPDATE writes SET delivering = 1 WHERE write_id = $id", ("$id", id.Value));
            }

            return true;
        }
    }

    private sealed class CompleteOperation(IReadOnlyCollection<WriteCompletion> completions) : StoreOperation<bool>
    {
        public override int Rows => completions.Count;

        protected override bool Run(SqliteSession session, BatchState state)
        {
            foreach (var c in completions)
            {
                var at = c.At.ToUnixTimeMilliseconds();
                session.Execute(
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
        protected override bool Run(SqliteSession session, BatchState state)
        {
            session.Execute(
                "UPDATE writes SET attributes = $attributes, updated_at = $at WHERE write_id = $id AND status = 'queued'",
                ("$attributes", JsonSerializer.Serialize(attributes, RelayJsonContext.Default.IReadOnlyDictionaryStringString)),
                ("$at", at.ToUnixTimeMilliseconds()),
                ("$id", id.Value));
            return true;
        }
    }
}
