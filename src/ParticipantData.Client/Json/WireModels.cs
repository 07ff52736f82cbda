using System.Text.Json.Serialization;

namespace ParticipantData.Client.Json;

// Wire shapes, named exactly as the platform spells them (genesys-api.md §2, §4, §5). Only the fields
// this library reads are declared; the rest of the platform's payload is ignored on purpose.

internal sealed class ConversationDto
{
    public string? Id { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public List<ParticipantDto>? Participants { get; set; }
}

internal sealed class ParticipantDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Purpose { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    public List<MediaDto>? Calls { get; set; }

    public List<MediaDto>? Callbacks { get; set; }

    public List<MediaDto>? Emails { get; set; }

    public List<MediaDto>? Messages { get; set; }

    public List<MediaDto>? Chats { get; set; }
}

/// <summary>CallConversation, MessageConversation, EmailConversation, CallbackConversation: participants are *MediaParticipant.</summary>
internal sealed class MediaConversationDto
{
    public string? Id { get; set; }

    public List<MediaParticipantDto>? Participants { get; set; }
}

internal sealed class MediaParticipantDto
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Purpose { get; set; }

    public string? State { get; set; }

    public string? Type { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }
}

internal sealed class MediaDto
{
    public string? State { get; set; }

    public string? Type { get; set; }
}

internal sealed class ParticipantAttributesDto
{
    public Dictionary<string, string>? Attributes { get; set; }
}

internal sealed class ErrorBodyDto
{
    public string? Message { get; set; }

    public string? Code { get; set; }

    public string? ContextId { get; set; }
}

internal sealed class TokenResponseDto
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ConversationDto))]
[JsonSerializable(typeof(MediaConversationDto))]
[JsonSerializable(typeof(ParticipantAttributesDto))]
[JsonSerializable(typeof(ErrorBodyDto))]
[JsonSerializable(typeof(TokenResponseDto))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
