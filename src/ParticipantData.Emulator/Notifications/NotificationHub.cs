using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// Every notification channel of the emulator: creation with the per-client limit (the least recently used
/// is evicted, unconnected ones first), expiry on the injected clock, subscriptions with the per-channel
/// topic limit, sockets, publication of the conversation store's committed changes, and the faults on open
/// sockets (drop, socket_closing, heartbeats, expiry, eviction) that the admin API and the fault plan share
/// (<see cref="ChannelFaults"/>).
/// </summary>
internal sealed class NotificationHub
{
    public const string SocketClosingTopic = "v2.system.socket_closing";
    public const string NoLongerSubscribedTopic = "v2.system.no_longer_subscribed";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, NotificationChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConversationStore _conversations;
    private readonly TimeProvider _time;
    private readonly FaultPlanHolder _faults;
    private readonly EmulatorCounters _counters;
    private long _created;
    private bool _stopping;

    public NotificationHub(NotificationSettings settings, ConversationStore conversations, TimeProvider time, FaultPlanHolder faults, EmulatorCounters counters)
    {
        Settings = settings;
        _conversations = conversations;
        _time = time;
        _faults = faults;
        _counters = counters;
        conversations.Changed += OnConversationChanged;
        faults.Changed += OnFaultPlanChanged;
    }

    public NotificationSettings Settings { get; }

    /// <summary>Creates a channel for <paramref name="clientId"/>, evicting its least recently used one when it is at the limit.</summary>
    public NotificationChannel Create(string clientId, string creatorToken, string webSocketOrigin)
    {
        NotificationChannel? evicted = null;
        NotificationChannel channel;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var owned = _channels.Values.Where(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal)).ToList();
            if (owned.Count >= Settings.MaxChannelsPerClient)
            {
                // The platform: "Creating a 21st channel will remove the channel with oldest last used date.
                // Channels without an active connection will be removed first."
                evicted = owned.OrderBy(c => c.Connection is null ? 0 : 1).ThenBy(c => c.LastUsed).First();
                RemoveLocked(evicted);
            }

            var id = Guid.NewGuid().ToString("D");
            channel = new NotificationChannel(id, ++_created, clientId, creatorToken, webSocketOrigin + "/channels/" + id, now, now + Settings.ChannelLifetime);
            _channels.Add(id, channel);
            channel.ExpiryTimer = _time.CreateTimer(_ => Expire(id), null, Settings.ChannelLifetime, Timeout.InfiniteTimeSpan);
        }

        if (evicted?.Connection is { } victim)
        {
            NoLongerSubscribed(victim, evicted,
                $"Channel {evicted.Id} was removed: its OAuth client created more than {Settings.MaxChannelsPerClient} channels and it was the least recently used.",
                "Channel removed (channel limit)");
        }

        return channel;
    }

    /// <summary>The channel when it exists and belongs to <paramref name="clientId"/> (others' channels are not found); marks it used.</summary>
    public NotificationChannel? FindOwned(string channelId, string clientId)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelId, out var channel) || !string.Equals(channel.ClientId, clientId, StringComparison.Ordinal))
            {
                return null;
            }

            channel.LastUsed = _time.GetUtcNow();
            return channel;
        }
    }

    public NotificationChannel? Find(string channelId)
    {
        lock (_gate)
        {
            return _channels.GetValueOrDefault(channelId);
        }
    }

    /// <summary>Channels of a client (oldest first); only those created with <paramref name="token"/> when it is given.</summary>
    public IReadOnlyList<ChannelDto> ListOwned(string clientId, string? token)
    {
        lock (_gate)
        {
            return _channels.Values
                .Where(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal)
                    && (token is null || string.Equals(c.CreatorToken, token, StringComparison.Ordinal)))
                .OrderBy(c => c.CreatedAt)
                .Select(ToDto)
                .ToList();
        }
    }

    public IReadOnlyList<ChannelAdminDto> ListAll()
    {
        lock (_gate)
        {
            return _channels.Values.OrderBy(c => c.CreatedAt).Select(ToAdminDto).ToList();
        }
    }

    public ChannelAdminDto AdminView(NotificationChannel channel)
    {
        lock (_gate)
        {
            return ToAdminDto(channel);
        }
    }

    public static ChannelDto ToDto(NotificationChannel c) => new(c.Id, c.ConnectUri, IsoTime.Format(c.ExpiresAt));

    /// <summary>
    /// Replaces (<paramref name="replace"/>) or extends the channel's topics with <paramref name="permitted"/>;
    /// refuses (returns the count it would have) when that exceeds the topic limit. Null when done.
    /// </summary>
    public int? UpdateTopics(NotificationChannel channel, IReadOnlyList<string> permitted, bool replace, out IReadOnlyList<string> topics)
    {
        lock (_gate)
        {
            var next = new List<string>(replace ? [] : channel.Topics);
            var seen = new HashSet<string>(next, StringComparer.Ordinal);
            next.AddRange(permitted.Where(seen.Add));
            if (next.Count > Settings.MaxTopicsPerChannel)
            {
                topics = channel.Topics.ToList();
                return next.Count;
            }

            channel.ClearTopics();
            foreach (var topic in next)
            {
                channel.AddTopic(topic);
            }

            channel.LastUsed = _time.GetUtcNow();
            topics = next;
            return null;
        }
    }

    public IReadOnlyList<string> TopicsOf(NotificationChannel channel)
    {
        lock (_gate)
        {
            return channel.Topics.ToList();
        }
    }

    /// <summary>
    /// Registers a socket for the channel before the handshake completes, so nothing published from then on
    /// is missed; a socket already there is closed (the latest connection wins). Null when the channel is gone.
    /// </summary>
    public ChannelConnection? Attach(string channelId, HttpContext http)
    {
        ChannelConnection? previous;
        ChannelConnection connection;
        lock (_gate)
        {
            if (_stopping || !_channels.TryGetValue(channelId, out var channel))
            {
                return null;
            }

            previous = channel.Connection;
            connection = new ChannelConnection(http, channel, this, _time);
            channel.Connection = connection;
            channel.Connections++;
            channel.LastUsed = _time.GetUtcNow();
        }

        previous?.Close(WebSocketCloseStatus.PolicyViolation, "Another connection to this channel took over");
        return connection;
    }

    public void Detach(ChannelConnection connection)
    {
        lock (_gate)
        {
            var channel = connection.Owner;
            if (ReferenceEquals(channel.Connection, connection))
            {
                channel.Connection = null;
                channel.LastUsed = _time.GetUtcNow();
            }
        }
    }

    /// <summary>No heartbeats on the channel for <paramref name="duration"/> (null = until <see cref="StartHeartbeats"/>); always true.</summary>
    public bool StopHeartbeats(NotificationChannel channel, TimeSpan? duration)
    {
        lock (_gate)
        {
            channel.HeartbeatsStopped = true;
            channel.HeartbeatResumeTimer?.Dispose();
            channel.HeartbeatResumeTimer = duration is { } d && !channel.Removed
                ? _time.CreateTimer(_ => StartHeartbeats(channel), null, d, Timeout.InfiniteTimeSpan)
                : null;
        }

        return true;
    }

    /// <summary>Heartbeats again from the next interval on; always true.</summary>
    public bool StartHeartbeats(NotificationChannel channel)
    {
        lock (_gate)
        {
            channel.HeartbeatsStopped = false;
            channel.HeartbeatResumeTimer?.Dispose();
            channel.HeartbeatResumeTimer = null;
        }

        return true;
    }

    /// <summary>Drops the channel's socket without a close frame; false when none is connected.</summary>
    public bool Drop(NotificationChannel channel)
    {
        ChannelConnection? connection;
        lock (_gate)
        {
            connection = channel.Connection;
        }

        connection?.Abort();
        return connection is not null;
    }

    /// <summary>
    /// Sends <c>v2.system.socket_closing</c> and closes the socket (<c>1001</c>) after <paramref name="delay"/>
    /// (null = <see cref="NotificationSettings.SocketClosingDelay"/>); false when no socket is connected or a
    /// close was already announced on it.
    /// </summary>
    public bool SocketClosing(NotificationChannel channel, TimeSpan? delay = null)
    {
        ChannelConnection? connection;
        lock (_gate)
        {
            connection = channel.Connection;
        }

        return connection is not null
            && connection.AnnounceClose(SocketClosingTopic, SocketClosingFrame(), delay ?? Settings.SocketClosingDelay, WebSocketCloseStatus.EndpointUnavailable, "Socket closing");
    }

    /// <summary>Removes the channel as its lifetime ends: a connected socket gets <c>v2.system.socket_closing</c> and is closed.</summary>
    public bool Expire(string channelId)
    {
        ChannelConnection? connection;
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelId, out var channel))
            {
                return false;
            }

            connection = channel.Connection;
            RemoveLocked(channel);
        }

        if (connection is not null)
        {
            connection.TryEnqueue(SocketClosingTopic, SocketClosingFrame());
            connection.Close(WebSocketCloseStatus.NormalClosure, "Channel expired");
        }

        return true;
    }

    /// <summary>Removes the channel as an eviction does: a connected socket gets <c>v2.system.no_longer_subscribed.{channelId}</c> and is closed.</summary>
    public bool Evict(NotificationChannel channel)
    {
        ChannelConnection? connection;
        lock (_gate)
        {
            if (channel.Removed)
            {
                return false;
            }

            connection = channel.Connection;
            RemoveLocked(channel);
        }

        if (connection is not null)
        {
            NoLongerSubscribed(connection, channel, $"Channel {channel.Id} was removed (an injected eviction).", "Channel removed");
        }

        return true;
    }

    /// <summary>
    /// A connection's writer is about to send a frame of <paramref name="topic"/>: the fault plan's socket rules
    /// count it and the ones that fire act now. False when the socket was dropped (the frame is not sent).
    /// </summary>
    public bool BeforeSend(ChannelConnection connection, string topic)
    {
        if (_faults.Current is not { HasSocketRules: true } plan)
        {
            return true;
        }

        foreach (var action in plan.DecideFrame(connection.Owner, topic))
        {
            _counters.FaultInjected(1);
            ChannelFaults.Apply(this, connection.Owner, action);
        }

        return !connection.IsAborted;
    }

    /// <summary>Arms the fault plan's <c>afterMs</c> rules on a socket just accepted.</summary>
    public void ArmTimedFaults(ChannelConnection connection) => ArmTimedFaults(connection, _faults.Current);

    /// <summary>The host is stopping: every socket gets <c>v2.system.socket_closing</c> and a close frame; no new socket is accepted.</summary>
    public void Shutdown()
    {
        _conversations.Changed -= OnConversationChanged;
        _faults.Changed -= OnFaultPlanChanged;
        List<ChannelConnection> connections;
        lock (_gate)
        {
            _stopping = true;
            connections = _channels.Values.Select(c => c.Connection).OfType<ChannelConnection>().ToList();
            foreach (var channel in _channels.Values)
            {
                channel.ExpiryTimer?.Dispose();
                channel.HeartbeatResumeTimer?.Dispose();
            }
        }

        foreach (var connection in connections)
        {
            connection.TryEnqueue(SocketClosingTopic, SocketClosingFrame());
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");
        }
    }


    private void RemoveLocked(NotificationChannel channel)
    {
        _channels.Remove(channel.Id);
        channel.Removed = true;
        channel.ExpiryTimer?.Dispose();
        channel.HeartbeatResumeTimer?.Dispose();
        channel.HeartbeatResumeTimer = null;
    }

    private static void NoLongerSubscribed(ChannelConnection connection, NotificationChannel channel, string message, string closeDescription)
    {
        var topic = NoLongerSubscribedTopic + "." + channel.Id;
        connection.TryEnqueue(topic, NotificationJsonContext.Frame(topic, new SystemMessageBody
        {
            SystemTopicType = "no_longer_subscribed",
            ChannelId = channel.Id,
            CorrelationId = Guid.NewGuid().ToString("D"),
            OAuthClientId = channel.ClientId,
            Message = message,
        }));
        connection.Close(WebSocketCloseStatus.NormalClosure, closeDescription);
    }

    /// <summary>A new plan (or none): the timed socket rules are armed anew on every open socket, timed from its connect.</summary>
    private void OnFaultPlanChanged(ActiveFaultPlan? plan)
    {
        List<ChannelConnection> connections;
        lock (_gate)
        {
            connections = _channels.Values.Select(c => c.Connection).OfType<ChannelConnection>().ToList();
        }

        foreach (var connection in connections.Where(c => c.IsRunning))
        {
            ArmTimedFaults(connection, plan);
        }
    }

    private void ArmTimedFaults(ChannelConnection connection, ActiveFaultPlan? plan)
    {
        if (plan is not { HasSocketRules: true })
        {
            connection.ReplaceFaultTimers([]);
            if (!ReferenceEquals(_faults.Current, plan))
            {
                ArmTimedFaults(connection, _faults.Current);
            }

            return;
        }

        var timers = new List<ITimer>();
        var now = _time.GetUtcNow();
        foreach (var (rule, after) in plan.TimedRules(connection.Owner))
        {
            var dueIn = connection.ConnectedAt + after - now;
            timers.Add(_time.CreateTimer(_ => FireTimed(connection, plan, rule), null, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        connection.ReplaceFaultTimers(timers);
        if (!ReferenceEquals(_faults.Current, plan))
        {
            ArmTimedFaults(connection, _faults.Current); // a plan was installed meanwhile: it wins
        }
    }

    private void FireTimed(ChannelConnection connection, ActiveFaultPlan plan, int rule)
    {
        NotificationChannel channel = connection.Owner;
        lock (_gate)
        {
            if (!ReferenceEquals(channel.Connection, connection) || channel.Removed)
            {
                return;
            }
        }

        if (ReferenceEquals(_faults.Current, plan) && !connection.IsAborted && plan.FireTimed(rule) is { } action)
        {
            _counters.FaultInjected(1);
            ChannelFaults.Apply(this, channel, action);
        }
    }

    private static byte[] SocketClosingFrame() =>
        NotificationJsonContext.Frame(SocketClosingTopic, new ChannelMetadataBody("Socket closing: reconnect to continue receiving notifications."));

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

        // One lock for the whole change, so every socket sees changes in the order they were published.
        lock (_gate)
        {
            foreach (var (topic, frame) in published)
            {
                byte[]? bytes = null;
                foreach (var channel in _channels.Values)
                {
                    if (channel.Connection is { } connection && channel.Has(topic))
                    {
                        connection.TryEnqueue(topic, bytes ??= frame());
                    }
                }
            }
        }
    }

    private ChannelAdminDto ToAdminDto(NotificationChannel c) => new(
        c.Id,
        c.ClientId,
        c.ConnectUri,
        IsoTime.Format(c.ExpiresAt),
        IsoTime.Format(c.Connection is null ? c.LastUsed : _time.GetUtcNow()),
        c.Connection is not null,
        c.Connections,
        c.HeartbeatsStopped,
        c.Topics.ToList());
}
