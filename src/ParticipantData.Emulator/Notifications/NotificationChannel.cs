namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// One notification channel: its owner, lifetime, topics and (at most one) live socket. Mutable fields are
/// guarded by the <see cref="ChannelRegistry"/>'s lock.
/// </summary>
internal sealed class NotificationChannel(string id, long ordinal, string clientId, string creatorToken, string connectUri, DateTimeOffset createdAt, DateTimeOffset expiresAt)
{
    private readonly HashSet<string> _topicSet = new(StringComparer.Ordinal);
    private readonly List<string> _topics = [];

    public string Id { get; } = id;

    /// <summary>1 for the first channel the host created, 2 for the next...: the fault plan's per-channel stream (ids are random).</summary>
    public long Ordinal { get; } = ordinal;

    /// <summary>The OAuth client that created it; only that client's tokens see it.</summary>
    public string ClientId { get; } = clientId;

    /// <summary>The access token it was created with (for <c>includechannels=token</c>); never written anywhere.</summary>
    public string CreatorToken { get; } = creatorToken;

    public string ConnectUri { get; } = connectUri;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DateTimeOffset LastUsed { get; set; } = createdAt;

    public ChannelConnection? Connection { get; set; }

    /// <summary>Sockets accepted on this channel so far.</summary>
    public int Connections { get; set; }

    /// <summary>Set by a fault (admin API or fault plan): no heartbeats are sent (the socket looks dead to a watchdog).</summary>
    public bool HeartbeatsStopped { get; set; }

    /// <summary>Starts the heartbeats again when a fault stopped them for a while.</summary>
    public ITimer? HeartbeatResumeTimer { get; set; }

    public bool Removed { get; set; }

    public ITimer? ExpiryTimer { get; set; }

    public IReadOnlyList<string> Topics => _topics;

    public bool Has(string topic) => _topicSet.Contains(topic);

    public void AddTopic(string topic)
    {
        if (_topicSet.Add(topic))
        {
            _topics.Add(topic);
        }
    }

    public void ClearTopics()
    {
        _topicSet.Clear();
        _topics.Clear();
    }
}
