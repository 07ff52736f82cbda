using System.Text.Json.Serialization;
using ParticipantData.Emulator.Conversations;

namespace ParticipantData.Emulator.Notifications;

// REST shapes of the notifications API (swagger Channel, ChannelTopic and their listings, with the fields
// the current SDK adds: Channel.expires, ChannelTopic.state/rejectionReason/missingPermissions). They are
// written through EmulatorJsonContext (camelCase, nulls left out).

/// <summary><c>Channel</c>: <c>{id, connectUri, expires}</c>.</summary>
internal sealed record ChannelDto(string Id, string ConnectUri, string Expires);

/// <summary><c>ChannelEntityListing</c>.</summary>
internal sealed record ChannelEntityListingDto(List<ChannelDto> Entities);

/// <summary><c>ChannelTopic</c>: the topic name is its <c>id</c>; <c>state</c> is <c>Permitted</c> or <c>Rejected</c>.</summary>
internal sealed record ChannelTopicDto
{
    public required string Id { get; init; }

    public string? SelfUri { get; init; }

    public string? State { get; init; }

    public string? RejectionReason { get; init; }

    public List<string>? MissingPermissions { get; init; }
}

/// <summary><c>ChannelTopicEntityListing</c>.</summary>
internal sealed record ChannelTopicEntityListingDto(List<ChannelTopicDto> Entities);

/// <summary>The admin view of a channel (<c>/emulator/v1/notifications/channels</c>); never holds a token.</summary>
internal sealed record ChannelAdminDto(
    string Id,
    string ClientId,
    string ConnectUri,
    string Expires,
    string LastUsed,
    bool Connected,
    int Connections,
    bool HeartbeatsStopped,
    List<string> Topics);

internal sealed record ChannelAdminListingDto(List<ChannelAdminDto> Entities);

// WebSocket frames, written through NotificationJsonContext.

/// <summary>Every frame: <c>{topicName, version, eventBody, metadata: {CorrelationId}}</c>.</summary>
internal sealed record NotificationFrame<TBody>(string TopicName, string Version, TBody EventBody, FrameMetadata Metadata);

/// <summary>The frame's <c>metadata</c>; the platform spells <c>CorrelationId</c> with a capital C.</summary>
internal sealed record FrameMetadata([property: JsonPropertyName("CorrelationId")] string CorrelationId);

/// <summary><c>ChannelMetadataNotification</c>: the body of heartbeats and ping replies.</summary>
internal sealed record ChannelMetadataBody(string Message);

/// <summary><c>SystemMessageSystemMessage</c>: the body of <c>v2.system.*</c> frames.</summary>
internal sealed record SystemMessageBody
{
    public required string SystemTopicType { get; init; }

    public string? Reason { get; init; }

    public required string ChannelId { get; init; }

    public required string CorrelationId { get; init; }

    [JsonPropertyName("oauthClientId")]
    public string? OAuthClientId { get; init; }

    public string? Message { get; init; }
}

/// <summary><c>AttributeDetailEventTopicAttributeUpdateEvent</c>: the attributes a write changed.</summary>
internal sealed record AttributeUpdateEventBody(long EventTime, string ConversationId, string ParticipantId, Dictionary<string, string> Attributes);

/// <summary><c>ConversationEventTopicConversation</c> / <c>QueueConversationEventTopicConversation</c> (no version field).</summary>
internal sealed record ConversationEventBody(string Id, List<ConversationEventParticipant> Participants);

/// <summary><c>ConversationEventTopicParticipant</c>, with the media arrays the emulator has.</summary>
internal sealed record ConversationEventParticipant
{
    public required string Id { get; init; }

    public string? ConnectedTime { get; init; }

    public string? EndTime { get; init; }

    public string? UserId { get; init; }

    public string? Name { get; init; }

    public string? QueueId { get; init; }

    public required string Purpose { get; init; }

    public string? Address { get; init; }

    public bool WrapupRequired { get; init; }

    public required Dictionary<string, string> Attributes { get; init; }

    public List<ConversationEventMedia>? Calls { get; init; }

    public List<ConversationEventMedia>? Callbacks { get; init; }

    public List<ConversationEventMedia>? Emails { get; init; }

    public List<ConversationEventMedia>? Messages { get; init; }
}

/// <summary>The shared fields of the topic's media models (<c>ConversationEventTopicCall</c>, <c>...Message</c>, ...).</summary>
internal sealed record ConversationEventMedia
{
    public required string Id { get; init; }

    public required string State { get; init; }

    public bool Held { get; init; }

    public string? DisconnectType { get; init; }

    public string? Direction { get; init; }

    public string? ConnectedTime { get; init; }

    public string? DisconnectedTime { get; init; }
}

/// <summary>
/// The media-suffixed topics' conversation (<c>ConversationCallEventTopicCallConversation</c>,
/// <c>ConversationMessageEventTopicMessageConversation</c>, …): each participant is the media participant itself.
/// </summary>
internal sealed record MediaConversationEventBody(string Id, List<MediaConversationEventParticipant> Participants);

/// <summary>The shared fields of <c>ConversationCallEventTopicCallMediaParticipant</c> and its siblings, with <c>attributes</c>; users and queues as <c>{"id": ...}</c>.</summary>
internal sealed record MediaConversationEventParticipant : MediaParticipantFields<EntityRef>;

/// <summary><c>{"id": ...}</c>: the user or queue of a media participant in a topic.</summary>
internal sealed record EntityRef(string Id);
