using System.Globalization;
using System.Text.Json;

namespace ParticipantData.Client;

/// <summary>The topic names the toolkit knows, built from typed ids.</summary>
public static class NotificationTopics
{
    private const string AttributesPrefix = "v2.detail.events.conversation.";
    private const string AttributesSuffix = ".attributes";

    /// <summary><c>v2.detail.events.conversation.{id}.attributes</c>: an <see cref="AttributeUpdateEvent"/> on every attribute change, whoever made it.</summary>
    public static string ConversationAttributes(ConversationId conversationId) => AttributesPrefix + conversationId.Value + AttributesSuffix;

    /// <summary><c>v2.routing.queues.{id}.conversations</c>: the conversation, with participants and attributes, on each change.</summary>
    public static string QueueConversations(string queueId) => "v2.routing.queues." + Uuid(queueId, nameof(queueId)) + ".conversations";

    /// <summary><c>v2.users.{id}.conversations</c>: the conversation, with participants and attributes, on each change.</summary>
    public static string UserConversations(string userId) => "v2.users." + Uuid(userId, nameof(userId)) + ".conversations";

    /// <summary><c>v2.routing.queues.{id}.conversations.{calls|messages|emails|callbacks}</c>: the queue's conversations of one media type, as media participants with attributes.</summary>
    public static string QueueConversations(string queueId, MediaType mediaType) => QueueConversations(queueId) + "." + ConversationMapper.Segment(mediaType);

    /// <summary><c>v2.users.{id}.conversations.{calls|messages|emails|callbacks}</c>: the user's conversations of one media type, as media participants with attributes.</summary>
    public static string UserConversations(string userId, MediaType mediaType) => UserConversations(userId) + "." + ConversationMapper.Segment(mediaType);

    private static readonly string[] MediaSuffixes =
        [".conversations", .. new[] { "calls", "callbacks", "chats", "cobrowseSessions", "emails", "messages", "screenshares", "socialexpressions", "videos" }.Select(m => ".conversations." + m)];

    internal static bool IsConversationAttributes(string topic) =>
        topic.StartsWith(AttributesPrefix, StringComparison.Ordinal) && topic.EndsWith(AttributesSuffix, StringComparison.Ordinal);

    internal static bool IsConversations(string topic) =>
        (topic.StartsWith("v2.routing.queues.", StringComparison.Ordinal) || topic.StartsWith("v2.users.", StringComparison.Ordinal))
        && MediaSuffixes.Any(suffix => topic.EndsWith(suffix, StringComparison.Ordinal));

    private static string Uuid(string value, string name) =>
        Guid.TryParseExact(value?.Trim(), "D", out var id)
            ? id.ToString("D")
            : throw new ArgumentException($"'{value}' is not a {name[..^2]} id: Genesys Cloud ids are UUIDs.", name);
}

/// <summary>One notification as it arrived on the socket: <c>{topicName, version, eventBody, metadata: {CorrelationId}}</c>.</summary>
public sealed class NotificationEvent
{
    internal NotificationEvent(string topicName, string? version, JsonElement eventBody, string? correlationId, DateTimeOffset receivedAt)
    {
        TopicName = topicName;
        Version = version;
        EventBody = eventBody;
        CorrelationId = correlationId;
        ReceivedAt = receivedAt;
        if (NotificationTopics.IsConversationAttributes(topicName))
        {
            AttributeUpdate = AttributeUpdateEvent.TryRead(eventBody);
        }
        else if (NotificationTopics.IsConversations(topicName))
        {
            Conversation = ConversationNotification.TryRead(eventBody);
        }
    }

    /// <summary>The topic the event was published on, e.g. <c>v2.detail.events.conversation.{id}.attributes</c>.</summary>
    public string TopicName { get; }

    /// <summary>The event body's schema version, as sent.</summary>
    public string? Version { get; }

    /// <summary>The topic's body, as sent.</summary>
    public JsonElement EventBody { get; }

    /// <summary><c>metadata.CorrelationId</c>.</summary>
    public string? CorrelationId { get; }

    /// <summary>When the client received it (its clock).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>For <c>v2.detail.events.conversation.{id}.attributes</c>: the typed event; otherwise null.</summary>
    public AttributeUpdateEvent? AttributeUpdate { get; }

    /// <summary>For <c>v2.routing.queues.{id}.conversations</c> and <c>v2.users.{id}.conversations</c>: the conversation; otherwise null.</summary>
    public ConversationNotification? Conversation { get; }
}

/// <summary>
/// <c>AttributeDetailEventTopicAttributeUpdateEvent</c>: the attributes one write changed (only those keys), on
/// which participant, when.
/// </summary>
public sealed record AttributeUpdateEvent(
    DateTimeOffset EventTime,
    ConversationId ConversationId,
    ParticipantId ParticipantId,
    IReadOnlyDictionary<string, string> Attributes)
{
    internal static AttributeUpdateEvent? TryRead(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("eventTime", out var time) || !time.TryGetInt64(out var epochMs)
            || !ConversationId.TryParse(Text(body, "conversationId"), out var conversationId)
            || !ParticipantId.TryParse(Text(body, "participantId"), out var participantId))
        {
            return null;
        }

        return new AttributeUpdateEvent(DateTimeOffset.FromUnixTimeMilliseconds(epochMs), conversationId, participantId, Map(body, "attributes"));
    }

    internal static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static Dictionary<string, string> Map(JsonElement body, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }
        }

        return map;
    }
}

/// <summary>The conversation a <c>...conversations</c> topic carries (<c>ConversationEventTopicConversation</c>).</summary>
public sealed record ConversationNotification(ConversationId Id, IReadOnlyList<ConversationNotificationParticipant> Participants)
{
    internal static ConversationNotification? TryRead(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !ConversationId.TryParse(AttributeUpdateEvent.Text(body, "id"), out var id))
        {
            return null;
        }

        var participants = new List<ConversationNotificationParticipant>();
        if (body.TryGetProperty("participants", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind == JsonValueKind.Object && ParticipantId.TryParse(AttributeUpdateEvent.Text(p, "id"), out var pid))
                {
                    // The plain topics carry userId/queueId and media arrays; the media-suffixed ones are media participants (user/queue refs, state).
                    participants.Add(new ConversationNotificationParticipant(
                        pid,
                        AttributeUpdateEvent.Text(p, "purpose"),
                        AttributeUpdateEvent.Text(p, "name"),
                        AttributeUpdateEvent.Text(p, "userId") ?? RefId(p, "user"),
                        AttributeUpdateEvent.Text(p, "queueId") ?? RefId(p, "queue"),
                        MediaState(p) ?? AttributeUpdateEvent.Text(p, "state"),
                        Time(AttributeUpdateEvent.Text(p, "endTime")),
                        AttributeUpdateEvent.Map(p, "attributes")));
                }
            }
        }

        return new ConversationNotification(id, participants);
    }

    private static string? MediaState(JsonElement participant)
    {
        foreach (var media in (string[])["calls", "callbacks", "chats", "emails", "messages"])
        {
            if (participant.TryGetProperty(media, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
            {
                return AttributeUpdateEvent.Text(list[list.GetArrayLength() - 1], "state");
            }
        }

        return null;
    }

    private static string? RefId(JsonElement participant, string name) =>
        participant.TryGetProperty(name, out var entity) && entity.ValueKind == JsonValueKind.Object ? AttributeUpdateEvent.Text(entity, "id") : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}

/// <summary>A participant of a <see cref="ConversationNotification"/>; <see cref="State"/> is the state of its last media communication.</summary>
public sealed record ConversationNotificationParticipant(
    ParticipantId Id,
    string? Purpose,
    string? Name,
    string? UserId,
    string? QueueId,
    string? State,
    DateTimeOffset? EndTime,
    IReadOnlyDictionary<string, string> Attributes);
