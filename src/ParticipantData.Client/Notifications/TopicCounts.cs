namespace ParticipantData.Client.Notifications;

/// <summary>
/// The topics the channel should hold, each with how many subscriptions want it: a topic leaves the channel
/// only when its last subscription goes. Thread-safe.
/// </summary>
internal sealed class TopicCounts(int maxTopics)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every wanted topic, for the channel's subscription PUT (which replaces the channel's topics).</summary>
    public List<string> All()
    {
        lock (_gate)
        {
            return [.. _counts.Keys];
        }
    }

    /// <summary>Adds a subscription's topics, or throws when the channel would hold more than it may.</summary>
    public void Add(IReadOnlyList<string> topics)
    {
        lock (_gate)
        {
            AddLocked(topics);
        }
    }

    /// <summary>Releases a subscription's topics; true when a topic left the channel.</summary>
    public bool Remove(IEnumerable<string> topics)
    {
        lock (_gate)
        {
            return RemoveLocked(topics);
        }
    }

    private void AddLocked(IReadOnlyList<string> topics)
    {
        var total = _counts.Keys.Union(topics, StringComparer.OrdinalIgnoreCase).Count();
        if (total > maxTopics)
        {
            throw new ArgumentException(
                $"This would put {total} topics on the channel; a channel holds at most {maxTopics} topics. " +
                "Dispose subscriptions you no longer need, or use another NotificationsClient (an OAuth client may hold 20 channels).",
                nameof(topics));
        }

        foreach (var topic in topics)
        {
            _counts[topic] = _counts.GetValueOrDefault(topic) + 1;
        }
    }

    private bool RemoveLocked(IEnumerable<string> topics)
    {
        var removed = false;
        foreach (var topic in topics)
        {
            if (_counts.TryGetValue(topic, out var count))
            {
                if (count <= 1)
                {
                    _counts.Remove(topic);
                    removed = true;
                }
                else
                {
                    _counts[topic] = count - 1;
                }
            }
        }

        return removed;
    }

    /// <summary>The distinct, trimmed topics of a subscription request, or an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static List<string> Validate(IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var wanted = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var topic in topics)
        {
            if (string.IsNullOrWhiteSpace(topic))
            {
                throw new ArgumentException("A topic is empty: give topic names such as v2.detail.events.conversation.{conversationId}.attributes.", nameof(topics));
            }

            if (seen.Add(topic.Trim()))
            {
                wanted.Add(topic.Trim());
            }
        }

        return wanted.Count == 0
            ? throw new ArgumentException("No topics to subscribe to: give at least one (NotificationTopics builds them).", nameof(topics))
            : wanted;
    }
}
