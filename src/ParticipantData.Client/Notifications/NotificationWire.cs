using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParticipantData.Client.Notifications;

internal sealed class ChannelDto
{
    public string? Id { get; set; }

    public string? ConnectUri { get; set; }

    public string? Expires { get; set; }
}

internal sealed class ChannelTopicDto
{
    public string? Id { get; set; }
}

/// <summary>A frame: <c>{topicName, version, eventBody, metadata: {CorrelationId}}</c>.</summary>
internal sealed class NotificationFrameDto
{
    public string? TopicName { get; set; }

    public string? Version { get; set; }

    public JsonElement EventBody { get; set; }

    public FrameMetadataDto? Metadata { get; set; }
}

internal sealed class FrameMetadataDto
{
    [JsonPropertyName("CorrelationId")]
    public string? CorrelationId { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChannelDto))]
[JsonSerializable(typeof(List<ChannelTopicDto>))]
[JsonSerializable(typeof(NotificationFrameDto))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
