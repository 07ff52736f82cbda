using ParticipantData.Emulator.Conversations;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// Publishes the conversation store's committed changes on the notification topics: the attributes topic of
/// the conversation, and the conversations topics (generic and per media) of each queue and user on it.
/// </summary>
internal sealed class ConversationPublisher : IDisposable
{
    private readonly ConversationStore _conversations;
    private readonly ChannelRegistry _channels;
    private readonly TimeProvider _time;

    public ConversationPublisher(ConversationStore conversations, ChannelRegistry channels, TimeProvider time)
    {
        _conversations = conversations;
        _channels = channels;
        _time = time;
        conversations.Changed += OnConversationChanged;
    }

    public void Dispose() => _conversations.Changed -= OnConversationChanged;

    private void OnConversationChanged(object? sender, ConversationChangedEventArgs change)
    {
        var conversation = change.Conversation;
        var published = new List<(string Topic, Func<byte[]> Frame)>();
        if (change.Kind == ConversationChangeKind.AttributesChanged && change.ParticipantId is { } participantId && change.ChangedAttributes is { } changed)
        {
            var topic = Topic.AttributesOf(conversation.Id);
            published.Add((topic, () => NotificationJsonContext.Frame(topic, new AttributeUpdateEventBody(
                _time.GetUtcNow().ToUnixTimeMilliseconds(),
                conversation.Id,
                participantId,
                new Dictionary<string, string>(changed, StringComparer.Ordinal)))));
        }

        ConversationEventBody? snapshot = null;
        ConversationEventBody Snapshot() => snapshot ??= ConversationEvents.From(conversation);
        MediaConversationEventBody? media = null;
        MediaConversationEventBody MediaSnapshot() => media ??= ConversationEvents.MediaFrom(conversation);
        var suffix = conversation.Media.Segment();
        foreach (var queueId in conversation.Participants.Select(p => p.QueueId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var topic = Topic.QueueConversationsOf(queueId);
            published.Add((topic, () => NotificationJsonContext.Frame(topic, Snapshot())));
            var mediaTopic = Topic.QueueConversationsOf(queueId, suffix);
            published.Add((mediaTopic, () => NotificationJsonContext.Frame(mediaTopic, MediaSnapshot())));
        }

        foreach (var userId in conversation.Participants.Select(p => p.UserId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var topic = Topic.UserConversationsOf(userId);
            published.Add((topic, () => NotificationJsonContext.Frame(topic, Snapshot())));
            var mediaTopic = Topic.UserConversationsOf(userId, suffix);
            published.Add((mediaTopic, () => NotificationJsonContext.Frame(mediaTopic, MediaSnapshot())));
        }

        _channels.Deliver(published);
    }
}
