using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParticipantData.Emulator.Notifications;

/// <summary>The WebSocket frames: camelCase as the platform sends them (<c>metadata.CorrelationId</c> set per property); nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NotificationFrame<ChannelMetadataBody>))]
[JsonSerializable(typeof(NotificationFrame<SystemMessageBody>))]
[JsonSerializable(typeof(NotificationFrame<AttributeUpdateEventBody>))]
[JsonSerializable(typeof(NotificationFrame<ConversationEventBody>))]
[JsonSerializable(typeof(NotificationFrame<MediaConversationEventBody>))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext
{
    public const string Version = "2";

    public static byte[] Frame(string topicName, ChannelMetadataBody body) =>
        JsonSerializer.SerializeToUtf8Bytes(new(topicName, Version, body, NewMetadata()), Default.NotificationFrameChannelMetadataBody);

    public static byte[] Frame(string topicName, SystemMessageBody body) =>
        JsonSerializer.SerializeToUtf8Bytes(new(topicName, Version, body, new FrameMetadata(body.CorrelationId)), Default.NotificationFrameSystemMessageBody);

    public static byte[] Frame(string topicName, AttributeUpdateEventBody body) =>
        JsonSerializer.SerializeToUtf8Bytes(new(topicName, Version, body, NewMetadata()), Default.NotificationFrameAttributeUpdateEventBody);

    public static byte[] Frame(string topicName, ConversationEventBody body) =>
        JsonSerializer.SerializeToUtf8Bytes(new(topicName, Version, body, NewMetadata()), Default.NotificationFrameConversationEventBody);

    public static byte[] Frame(string topicName, MediaConversationEventBody body) =>
        JsonSerializer.SerializeToUtf8Bytes(new(topicName, Version, body, NewMetadata()), Default.NotificationFrameMediaConversationEventBody);

    private static FrameMetadata NewMetadata() => new(Guid.NewGuid().ToString("D"));
}
