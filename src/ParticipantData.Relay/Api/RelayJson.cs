using System.Text.Json.Serialization;

namespace ParticipantData.Relay.Api;

/// <summary><c>202</c> to an accepted write or enrichment.</summary>
internal sealed record AcceptedView(
    [property: JsonPropertyName("writeId")] string WriteId,
    [property: JsonPropertyName("status")] string Status);

/// <summary><c>GET /v1/writes/{writeId}</c>.</summary>
internal sealed record WriteStatusView
{
    [JsonPropertyName("writeId")] public required string WriteId { get; init; }

    [JsonPropertyName("kind")] public required string Kind { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("reason")] public string? Reason { get; init; }

    [JsonPropertyName("conversationId")] public required string ConversationId { get; init; }

    [JsonPropertyName("participantId")] public string? ParticipantId { get; init; }

    [JsonPropertyName("purpose")] public string? Purpose { get; init; }

    [JsonPropertyName("source")] public string? Source { get; init; }

    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    [JsonPropertyName("attempts")] public int Attempts { get; init; }

    [JsonPropertyName("conflictsAbsorbed")] public int ConflictsAbsorbed { get; init; }

    [JsonPropertyName("throttlesAbsorbed")] public int ThrottlesAbsorbed { get; init; }

    [JsonPropertyName("coalescedWrites")] public int CoalescedWrites { get; init; }

    [JsonPropertyName("guarded")] public bool Guarded { get; init; }

    [JsonPropertyName("endpoint")] public EndpointView? Endpoint { get; init; }

    [JsonPropertyName("acceptedAt")] public required string AcceptedAt { get; init; }

    [JsonPropertyName("deadlineAt")] public required string DeadlineAt { get; init; }

    [JsonPropertyName("updatedAt")] public required string UpdatedAt { get; init; }

    [JsonPropertyName("completedAt")] public string? CompletedAt { get; init; }
}

/// <summary>What the external endpoint of a failed enrichment answered.</summary>
internal sealed record EndpointView(
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("body")] string? Body);

/// <summary>The platform's error shape, used for every relay error.</summary>
internal sealed record ErrorBody
{
    [JsonPropertyName("status")] public required int Status { get; init; }

    [JsonPropertyName("code")] public required string Code { get; init; }

    [JsonPropertyName("message")] public required string Message { get; init; }

    [JsonPropertyName("contextId")] public required string ContextId { get; init; }

    [JsonPropertyName("details")] public List<ErrorDetail>? Details { get; init; }
}

internal sealed record ErrorDetail(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("fieldName")] string FieldName);

/// <summary><c>GET /healthz</c>.</summary>
internal sealed record HealthView(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("store")] HealthCheckView Store,
    [property: JsonPropertyName("platform")] HealthCheckView Platform);

internal sealed record HealthCheckView(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("detail")] string Detail);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcceptedView))]
[JsonSerializable(typeof(WriteStatusView))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;
