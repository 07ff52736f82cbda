using System.Text.Json;
using System.Text.Json.Nodes;

namespace ParticipantData.Relay.Api;

/// <summary>
/// Reads the JSON bodies of <c>POST /v1/writes</c>, <c>POST /v1/enrichments</c> and the platform's attribute
/// PATCH, and refuses, with the field named, anything the platform would refuse later: values that are not
/// strings, empty keys, ids that are not UUIDs, unknown fields.
/// </summary>
internal static class WriteRequestParser
{
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The purposes the platform gives participants (genesys-api.md §2.3).</summary>
    public static IReadOnlyList<string> Purposes { get; } = ["customer", "external", "agent", "user", "acd", "ivr"];

    private static readonly string[] WriteFields = ["conversationId", "participantId", "purpose", "attributes", "deadlineSeconds", "idempotencyKey"];
    private static readonly string[] EnrichmentFields = ["conversationId", "participantId", "purpose", "source", "inputs", "deadlineSeconds", "idempotencyKey"];

    public static AcceptedRequest ParseWrite(ReadOnlyMemory<byte> body, int maxDeadlineSeconds)
    {
        var root = ParseObject(body, WriteFields);
        var (participantId, purpose) = Participant(root);
        return new AcceptedRequest
        {
            ConversationId = Uuid(root, "conversationId", required: true)!,
            ParticipantId = participantId,
            Purpose = purpose,
            Attributes = Attributes(root, "attributes"),
            DeadlineSeconds = Deadline(root, maxDeadlineSeconds),
            IdempotencyKey = IdempotencyKey(root),
        };
    }

    public static AcceptedRequest ParseEnrichment(ReadOnlyMemory<byte> body, int maxDeadlineSeconds)
    {
        var root = ParseObject(body, EnrichmentFields);
        var (participantId, purpose) = Participant(root);
        var source = root["source"] is JsonValue s && s.TryGetValue<string>(out var name) && name.Length > 0
            ? name
            : throw RequestError.Invalid("source", "source is required: the name of an enrichment source configured in relay.yaml (sources:).");
        var inputs = root["inputs"] switch
        {
            null when !root.ContainsKey("inputs") => new JsonObject(),
            JsonObject o => o,
            _ => throw RequestError.Invalid("inputs", "inputs must be a JSON object of the data action's input values, e.g. {\"customerId\": \"12345\"}."),
        };
        return new AcceptedRequest
        {
            ConversationId = Uuid(root, "conversationId", required: true)!,
            ParticipantId = participantId,
            Purpose = purpose,
            Source = source,
            InputsJson = inputs.ToJsonString(),
            DeadlineSeconds = Deadline(root, maxDeadlineSeconds),
            IdempotencyKey = IdempotencyKey(root),
        };
    }

    /// <summary>The platform's own body, <c>{"attributes": {...}}</c> (ParticipantAttributes).</summary>
    public static IReadOnlyDictionary<string, string> ParsePlatformBody(ReadOnlyMemory<byte> body) =>
        Attributes(ParseObject(body, ["attributes"]), "attributes");

    public static string CheckIdempotencyKey(string key, string field) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && !key.Any(char.IsControl)
            ? key
            : throw RequestError.Invalid(field, $"{field} must be 1 to {MaxIdempotencyKeyLength} printable characters.");

    public static bool IsUuid(string? text) => Guid.TryParseExact(text, "D", out _);

    private static JsonObject ParseObject(ReadOnlyMemory<byte> body, string[] known)
    {
        if (body.IsEmpty)
        {
            throw RequestError.BadRequest("The request has no body: send a JSON object (Content-Type: application/json).");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw RequestError.BadRequest($"The body is not valid JSON: {e.Message}");
        }

        if (node is not JsonObject root)
        {
            throw RequestError.BadRequest("The body must be a JSON object.");
        }

        foreach (var (name, _) in root)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new RequestError(400, "invalid.property", $"Unknown field '{name}': the fields are {string.Join(", ", known)}.", name);
            }
        }

        return root;
    }

    private static (string? ParticipantId, string? Purpose) Participant(JsonObject root)
    {
        var id = Uuid(root, "participantId", required: false);
        var purpose = root["purpose"] switch
        {
            null when !root.ContainsKey("purpose") => null,
            JsonValue v when v.TryGetValue<string>(out var p) && Purposes.Contains(p, StringComparer.Ordinal) => p,
            _ => throw RequestError.Invalid("purpose", $"purpose must be one of {string.Join(", ", Purposes)}."),
        };
        return (id, purpose) switch
        {
            (null, null) => throw RequestError.Invalid("participantId", "Give participantId (a UUID) or purpose (e.g. \"customer\"): the participant whose attributes to write."),
            (not null, not null) => throw RequestError.Invalid("purpose", "Give participantId or purpose, not both."),
            _ => (id, purpose),
        };
    }

    private static string? Uuid(JsonObject root, string field, bool required)
    {
        if (!root.ContainsKey(field) && !required)
        {
            return null;
        }

        return root[field] is JsonValue v && v.TryGetValue<string>(out var text) && IsUuid(text)
            ? text
            : throw RequestError.Invalid(field, $"{field} must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6{(root[field] is null ? " (it is missing)" : "")}.");
    }

    private static Dictionary<string, string> Attributes(JsonObject root, string field)
    {
        if (root[field] is not JsonObject map)
        {
            throw RequestError.Invalid(field, $"{field} must be a JSON object of string values, e.g. {{\"loyalty_tier\": \"gold\"}}.");
        }

        if (map.Count == 0)
        {
            throw RequestError.Invalid(field, $"{field} is empty: give at least one key.");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw RequestError.Invalid($"{field}", "An attribute key is empty: participant attribute keys must be non-empty strings.");
            }

            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                var kind = value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();
                throw RequestError.Invalid(
                    $"{field}.{key}",
                    $"Attribute '{key}' is a {kind}: participant attribute values must be strings (write \"{(value is null ? "" : value.ToJsonString().Trim('"'))}\" in quotes).");
            }

            attributes[key] = v.GetValue<string>();
        }

        return attributes;
    }

    private static int? Deadline(JsonObject root, int max)
    {
        if (!root.ContainsKey("deadlineSeconds"))
        {
            return null;
        }

        return root["deadlineSeconds"] is JsonValue v && v.TryGetValue<int>(out var seconds) && seconds >= 1 && seconds <= max
            ? seconds
            : throw RequestError.Invalid("deadlineSeconds", $"deadlineSeconds must be a whole number of seconds from 1 to {max}.");
    }

    private static string? IdempotencyKey(JsonObject root)
    {
        if (!root.ContainsKey("idempotencyKey"))
        {
            return null;
        }

        return root["idempotencyKey"] is JsonValue v && v.TryGetValue<string>(out var key)
            ? CheckIdempotencyKey(key, "idempotencyKey")
            : throw RequestError.Invalid("idempotencyKey", $"idempotencyKey must be a string of 1 to {MaxIdempotencyKeyLength} characters.");
    }
}
