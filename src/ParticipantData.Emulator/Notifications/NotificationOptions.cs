namespace ParticipantData.Emulator;

/// <summary>
/// Notifications (channels and the WebSocket) of an emulator: <see cref="EmulatorOptions.Notifications"/>.
/// The defaults are the platform's as commonly quoted; docs/emulator.md says which of them are UNCONFIRMED.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Time between <c>channel.metadata</c> "WebSocket Heartbeat" frames on a connected socket. Default 30 s; zero turns them off.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a channel lives after it is created (its <c>expires</c>). Default 24 h.</summary>
    public TimeSpan ChannelLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Channels one OAuth client may hold; creating one more removes the least recently used (unconnected first). Default 20.</summary>
    public int MaxChannelsPerClient { get; set; } = 20;

    /// <summary>Topics one channel may hold; a subscription that would exceed it gets <c>400</c>. Default 1000.</summary>
    public int MaxTopicsPerChannel { get; set; } = 1000;

    /// <summary>
    /// Time between an injected <c>v2.system.socket_closing</c> frame and the server closing the socket
    /// (the platform gives clients "about 1 minute" to reconnect). Default 60 s.
    /// </summary>
    public TimeSpan SocketClosingDelay { get; set; } = TimeSpan.FromSeconds(60);
}
