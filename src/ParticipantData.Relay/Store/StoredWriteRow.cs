using System.Data.Common;
using System.Text.Json;
using ParticipantData.Relay.Api;

namespace ParticipantData.Relay.Store;

/// <summary>
/// A write as both stores spell it: the columns they read back, in this order, and the mapping of a row to a
/// <see cref="StoredWrite"/> (SQLite keeps the flags as integers, PostgreSQL as booleans).
/// </summary>
internal static class StoredWriteRow
{
    public const string Columns =
        "seq, write_id, kind, conversation_id, participant_id, purpose, attributes, source, inputs, idempotency_key, request_hash, " +
        "status, reason, attempts, conflicts, throttles, coalesced, delivering, guarded, delivered_participant_id, endpoint_status, " +
        "endpoint_body, accepted_at, deadline_at, updated_at, completed_at";

    public static StoredWrite Read(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        bool Flag(int i) => Convert.ToBoolean(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        var attributes = Text(6) is { } json ? JsonSerializer.Deserialize(json, RelayJsonContext.Default.DictionaryStringString) : null;
        var kind = r.GetString(2);
        var accepted = new NewWrite
        {
            Id = WriteId.TryParse(r.GetString(1), out var id) ? id : throw new FormatException($"Bad write id '{r.GetString(1)}' in the store."),
            Kind = WriteStatusText.ParseKind(kind),
            ConversationId = r.GetString(3),
            ParticipantId = Text(4),
            Purpose = Text(5),
            Attributes = kind == "enrichment" ? null : attributes,
            Source = Text(7),
            InputsJson = Text(8),
            IdempotencyKey = Text(9),
            RequestHash = r.GetString(10),
            AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(22)),
            DeadlineAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(23)),
        };
        return new StoredWrite
        {
            Sequence = r.GetInt64(0),
            Accepted = accepted,
            Attributes = attributes,
            Status = WriteStatusText.Parse(r.GetString(11)),
            Reason = Text(12),
            Attempts = r.GetInt32(13),
            ConflictsAbsorbed = r.GetInt32(14),
            ThrottlesAbsorbed = r.GetInt32(15),
            CoalescedWrites = r.GetInt32(16),
            Delivering = Flag(17),
            Guarded = Flag(18),
            DeliveredParticipantId = Text(19),
            EndpointStatus = r.IsDBNull(20) ? null : r.GetInt32(20),
            EndpointBody = Text(21),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(24)),
            CompletedAt = r.IsDBNull(25) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(25)),
        };
    }
}
