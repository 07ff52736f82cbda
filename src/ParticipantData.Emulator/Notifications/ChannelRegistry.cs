using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// Every notification channel of the emulator and its state: creation with the per-client limit (the least
/// recently used is evicted, unconnected ones first), expiry on the injected clock, subscriptions with the
/// per-channel topic limit, the one socket of each, and delivery of published frames to the subscribed sockets.
/// Its lock guards every channel's mutable state. Faults (<see cref="ChannelFaults"/>) and the publisher
/// (<see cref="ConversationPublisher"/>) use it; it calls neither.
/// </summary>
internal sealed class ChannelRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NotificationChannel> _channels = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _created;
    private bool _stopping;

    public ChannelRegistry(NotificationSettings settings, TimeProvider time)
    {
        Settings = settings;
        _time = time;
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
            SystemFrames.NoLongerSubscribed(victim, evicted,
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
    public ChannelConnection? Attach(string channelId, HttpContext http, IConnectionHooks hooks)
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
            connection = new ChannelConnection(http, channel, hooks, _time);
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

    /// <summary>The channel's socket now; null when none is connected.</summary>
    public ChannelConnection? ConnectionOf(NotificationChannel channel)
    {
        lock (_gate)
        {
            return channel.Connection;
        }
    }

    /// <summary>True when <paramref name="connection"/> is still its channel's socket and the channel is not removed.</summary>
    public bool IsCurrent(ChannelConnection connection)
    {
        lock (_gate)
        {
            return ReferenceEquals(connection.Owner.Connection, connection) && !connection.Owner.Removed;
        }
    }

    /// <summary>Every connected socket now.</summary>
    public IReadOnlyList<ChannelConnection> Connections()
    {
        lock (_gate)
        {
            return _channels.Values.Select(c => c.Connection).OfType<ChannelConnection>().ToList();
        }
    }

    /// <summary>No heartbeats on the channel for <paramref name="duration"/> (null = until <see cref="StartHeartbeats"/>).</summary>
    public void StopHeartbeats(NotificationChannel channel, TimeSpan? duration)
    {
        lock (_gate)
        {
            channel.HeartbeatsStopped = true;
            channel.HeartbeatResumeTimer?.Dispose();
            channel.HeartbeatResumeTimer = duration is { } d && !channel.Removed
                ? _time.CreateTimer(_ => StartHeartbeats(channel), null, d, Timeout.InfiniteTimeSpan)
                : null;
        }
    }

    /// <summary>Heartbeats again from the next interval on.</summary>
    public void StartHeartbeats(NotificationChannel channel)
    {
        lock (_gate)
        {
            channel.HeartbeatsStopped = false;
            channel.HeartbeatResumeTimer?.Dispose();
            channel.HeartbeatResumeTimer = null;
        }
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
            SystemFrames.SocketClosingThenClose(connection, WebSocketCloseStatus.NormalClosure, "Channel expired");
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
            SystemFrames.NoLongerSubscribed(connection, channel, $"Channel {channel.Id} was removed (an injected eviction).", "Channel removed");
        }

        return true;
    }

    /// <summary>
    /// Queues each frame on every socket subscribed to its topic. One lock for the whole batch, so every socket
    /// sees changes in the order they were published; a frame is built once, and only when some socket wants it.
    /// </summary>
    public void Deliver(IReadOnlyList<(string Topic, Func<byte[]> Frame)> frames)
    {
        lock (_gate)
        {
            foreach (var (topic, frame) in frames)
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

    /// <summary>The host is stopping: every socket gets <c>v2.system.socket_closing</c> and a close frame; no new socket is accepted.</summary>
    public void Shutdown()
    {
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
            SystemFrames.SocketClosingThenClose(connection, WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");
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
