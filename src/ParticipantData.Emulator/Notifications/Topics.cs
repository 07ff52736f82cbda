namespace ParticipantData.Emulator.Notifications;

internal enum TopicKind
{
    ConversationAttributes,
    QueueConversations,
    UserConversations,
}

/// <summary>A topic the emulator publishes, in its canonical form (lower-case UUID).</summary>
internal readonly record struct Topic(TopicKind Kind, string EntityId)
{
    private const string AttributesPrefix = "v2.detail.events.conversation.";
    private const string AttributesSuffix = ".attributes";
    private const string QueuePrefix = "v2.routing.queues.";
    private const string UserPrefix = "v2.users.";
    private const string ConversationsSuffix = ".conversations";

    public const string Served =
        "v2.detail.events.conversation.{conversationId}.attributes, v2.routing.queues.{queueId}.conversations and v2.users.{userId}.conversations";

    public string Name => Kind switch
    {
        TopicKind.ConversationAttributes => AttributesPrefix + EntityId + AttributesSuffix,
        TopicKind.QueueConversations => QueuePrefix + EntityId + ConversationsSuffix,
        _ => UserPrefix + EntityId + ConversationsSuffix,
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

    public static string QueueConversationsOf(string queueId) => new Topic(TopicKind.QueueConversations, queueId).Name;

    public static string UserConversationsOf(string userId) => new Topic(TopicKind.UserConversations, userId).Name;

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

        if (TryMiddle(name, QueuePrefix, ConversationsSuffix, out var queue))
        {
            topic = new Topic(TopicKind.QueueConversations, queue);
            return true;
        }

        if (TryMiddle(name, UserPrefix, ConversationsSuffix, out var user))
        {
            topic = new Topic(TopicKind.UserConversations, user);
            return true;
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
