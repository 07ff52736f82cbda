using Microsoft.Extensions.Logging;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// Where a session's connection is, under one lock: the state, the current channel and the one the socket is
/// connected to, the socket, and the topics each channel holds. Every change wakes the subscribers waiting in
/// <see cref="WaitReadyAsync"/> and raises <c>ConnectionChanged</c> (outside the lock).
/// </summary>
internal sealed class ConnectionStatus(Action<NotificationConnectionChangedEventArgs> changed, ILogger logger)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private NotificationConnectionState _state = NotificationConnectionState.Idle;
    private NotificationChannel? _channel;
    private NotificationChannel? _connected;
    private NotificationSocket? _socket;
    private int _reconnects;

    public NotificationConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The channel in use, or null when there is none (not yet created, or forgotten because it is gone).</summary>
    public NotificationChannel? Channel
    {
        get
        {
            lock (_gate)
            {
                return _channel;
            }
        }
    }

    public NotificationSocket? Socket
    {
        get
        {
            lock (_gate)
            {
                return _socket;
            }
        }
    }

    public int Reconnects => Volatile.Read(ref _reconnects);

    public void Use(NotificationChannel channel)
    {
        lock (_gate)
        {
            _channel = channel;
        }
    }

    /// <summary>Drops <paramref name="channel"/> if it is still the current one, so the next open creates a new channel.</summary>
    public void Forget(NotificationChannel channel)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_channel, channel))
            {
                _channel = null;
                SignalLocked();
            }
        }
    }

    public void Applied(NotificationChannel channel, IReadOnlyList<string> topics)
    {
        lock (_gate)
        {
            channel.Applied = new HashSet<string>(topics, StringComparer.OrdinalIgnoreCase);
            SignalLocked();
        }
    }

    public bool AppliedAll(NotificationChannel channel, IReadOnlyList<string> topics)
    {
        lock (_gate)
        {
            return topics.All(channel.Applied.Contains);
        }
    }

    /// <summary>The socket is open (it is aborted instead when the session closed meanwhile).</summary>
    public void Connected(NotificationChannel channel, NotificationSocket socket, bool recreated, bool reconnect)
    {
        lock (_gate)
        {
            if (_state == NotificationConnectionState.Closed)
            {
                socket.Abort();
                return;
            }

            if (reconnect)
            {
                Interlocked.Increment(ref _reconnects);
            }

            _connected = channel;
            _socket = socket;
            _state = NotificationConnectionState.Connected;
            SignalLocked();
        }

        Raise(new NotificationConnectionChangedEventArgs(NotificationConnectionState.Connected, channel.Id, null, recreated, Reconnects));
    }

    public void Reconnecting(NotificationChannel? channel, string reason)
    {
        lock (_gate)
        {
            if (_state == NotificationConnectionState.Closed)
            {
                return;
            }

            _connected = null;
            _socket = null;
            _state = NotificationConnectionState.Reconnecting;
            SignalLocked();
        }

        Raise(new NotificationConnectionChangedEventArgs(NotificationConnectionState.Reconnecting, channel?.Id, reason, false, Reconnects));
    }

    /// <summary>Marks the session closed; returns the socket to close and the channel it was on.</summary>
    public (NotificationSocket? Socket, string? ChannelId) Close()
    {
        lock (_gate)
        {
            _state = NotificationConnectionState.Closed;
            _connected = null;
            SignalLocked();
            return (_socket, _channel?.Id);
        }
    }

    public void Closed(string? channelId) =>
        Raise(new NotificationConnectionChangedEventArgs(NotificationConnectionState.Closed, channelId, "disposed", false, Reconnects));

    /// <summary>Returns once the socket is connected to the current channel and it holds <paramref name="topics"/>.</summary>
    public async Task WaitReadyAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_state == NotificationConnectionState.Closed, typeof(NotificationsClient));
                if (_state == NotificationConnectionState.Connected && _connected is { } channel && ReferenceEquals(channel, _channel)
                    && topics.All(channel.Applied.Contains))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void SignalLocked()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private void Raise(NotificationConnectionChangedEventArgs args)
    {
        try
        {
            changed(args);
        }
#pragma warning disable CA1031 // A subscriber's exception must not stop the connection loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning("Notifications: a ConnectionChanged handler threw: {Error}", e.Message);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
