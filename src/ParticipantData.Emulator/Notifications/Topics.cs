namespace ParticipantData.Emulator.Notifications;

internal enum TopicKind
{
    ConversationAttributes,
    QueueConversations,
    UserConversations,
}

/// <summary>A topic the emulator publishes, in its canonical form (lower-case UUID).</summary>
/// <param name="Kind">Which topic family.</param>
/// <param name="EntityId">The conversation, queue or user id.</param>
/// <param name="Media">For queue and user topics, the media suffix (<c>calls</c>, <c>messages</c>, …); null for the plain topic.</param>
internal readonly record struct Topic(TopicKind Kind, string EntityId, string? Media = null)
{
    /// <summary>The media suffixes of <c>v2.users.{id}.conversations.*</c> and <c>v2.routing.queues.{id}.conversations.*</c> (genesys-api.md §6).</summary>
    public static readonly string[] MediaSuffixes = ["calls", "callbacks", "chats", "cobrowseSessions", "emails", "messages", "screenshares", "socialexpressions", "videos"];

    private const string AttributesPrefix = "v2.detail.events.conversation.";
    private const string AttributesSuffix = ".attributes";
    private const string QueuePrefix = "v2.routing.queues.";
    private const string UserPrefix = "v2.users.";
    private const string ConversationsSuffix = ".conversations";

    public const string Served =
        "v2.detail.events.conversation.{conversationId}.attributes, v2.routing.queues.{queueId}.conversations and v2.users.{userId}.conversations " +
        "(each also with a media suffix: .calls, .callbacks, .chats, .cobrowseSessions, .emails, .messages, .screenshares, .socialexpressions, .videos)";

    public string Name => Kind switch
    {
        TopicKind.ConversationAttributes => AttributesPrefix + EntityId + AttributesSuffix,
        TopicKind.QueueConversations => QueuePrefix + EntityId + ConversationsSuffix + (Media is null ? "" : "." + Media),
        _ => UserPrefix + EntityId + ConversationsSuffix + (Media is null ? "" : "." + Media),
    };

    /// <summary>
    /// The permission a subscription needs (UNCONFIRMED: the platform's per-topic permissions are not in the
    /// sources; these are the ones the matching REST reads need).
    /// </summary>
    public string Permission => Kind switch
    {
        TopicKind.ConversationAttributes => "analytics:conversationDetail:view",
        TopicKind.QueueConversations => "routing:queue:view",
        _ => Auth.Permissions.ConversationCommunicationView,
    };

    public static string AttributesOf(string conversationId) => new Topic(TopicKind.ConversationAttributes, conversationId).Name;

    public static string QueueConversationsOf(string queueId, string? media = null) => new Topic(TopicKind.QueueConversations, queueId, media).Name;

    public static string UserConversationsOf(string userId, string? media = null) => new Topic(TopicKind.UserConversations, userId, media).Name;

    public static bool TryParse(string? name, out Topic topic)
    {
        topic = default;
        if (name is null)
        {
            return false;
        }

        if (TryMiddle(name, AttributesPrefix, AttributesSuffix, out var conversation))
        {
            topic = new Topic(TopicKind.ConversationAttributes, conversation);
            return true;
        }

        foreach (var (prefix, kind) in new[] { (QueuePrefix, TopicKind.QueueConversations), (UserPrefix, TopicKind.UserConversations) })
        {
            if (TryMiddle(name, prefix, ConversationsSuffix, out var entity))
            {
                topic = new Topic(kind, entity);
                return true;
            }

            foreach (var media in MediaSuffixes)
            {
                if (TryMiddle(name, prefix, ConversationsSuffix + "." + media, out var owner))
                {
                    topic = new Topic(kind, owner, media);
                    return true;
                }
            }
        }

        return false;
    }

    private static bool TryMiddle(string name, string prefix, string suffix, out string id)
    {
        id = "";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal)
            || name.Length <= prefix.Length + suffix.Length)
        {
            return false;
        }

        if (!Guid.TryParseExact(name.AsSpan(prefix.Length, name.Length - prefix.Length - suffix.Length), "D", out var guid))
        {
            return false;
        }

        id = guid.ToString("D");
        return true;
    }
}
