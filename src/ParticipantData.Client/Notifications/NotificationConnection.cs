namespace ParticipantData.Client;

/// <summary>Where a <see cref="NotificationsClient"/>'s socket is.</summary>
public enum NotificationConnectionState
{
    /// <summary>Nothing subscribed yet.</summary>
    Idle,

    /// <summary>The socket is open and the subscribed topics are delivered.</summary>
    Connected,

    /// <summary>The socket closed, dropped or went silent; a new one is being opened (events published meanwhile are lost).</summary>
    Reconnecting,

    /// <summary>The client was disposed.</summary>
    Closed,
}

/// <summary>A change of <see cref="NotificationsClient.State"/>, for status displays and tests.</summary>
public sealed class NotificationConnectionChangedEventArgs(
    NotificationConnectionState state,
    string? channelId,
    string? reason,
    bool channelRecreated,
    int reconnects) : EventArgs
{
    /// <summary>The state entered.</summary>
    public NotificationConnectionState State { get; } = state;

    /// <summary>The channel the socket belongs (or belonged) to.</summary>
    public string? ChannelId { get; } = channelId;

    /// <summary>Why the client reconnects (<c>socket_closing</c>, heartbeats missed, the connection dropped, the channel expired ...); null when connected.</summary>
    public string? Reason { get; } = reason;

    /// <summary>On <see cref="NotificationConnectionState.Connected"/>: a new channel was created (and subscribed) because the old one was gone.</summary>
    public bool ChannelRecreated { get; } = channelRecreated;

    /// <summary>Successful reconnections so far.</summary>
    public int Reconnects { get; } = reconnects;
}
