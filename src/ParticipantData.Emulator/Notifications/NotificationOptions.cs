namespace ParticipantData.Emulator;

/// <summary>
/// Notifications (channels and the WebSocket) of an emulator: <see cref="EmulatorOptions.Notifications"/>.
/// The defaults are the platform's as commonly quoted; docs/emulator.md says which of them are UNCONFIRMED.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Default of <see cref="HeartbeatInterval"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="ChannelLifetime"/>: 24 h.</summary>
    public static readonly TimeSpan DefaultChannelLifetime = TimeSpan.FromHours(24);

    /// <summary>Default of <see cref="MaxChannelsPerClient"/>: 20.</summary>
    public const int DefaultMaxChannelsPerClient = 20;

    /// <summary>Default of <see cref="MaxTopicsPerChannel"/>: 1000.</summary>
    public const int DefaultMaxTopicsPerChannel = 1000;

    /// <summary>Default of <see cref="SocketClosingDelay"/>: 60 s.</summary>
    public static readonly TimeSpan DefaultSocketClosingDelay = TimeSpan.FromSeconds(60);

    /// <summary>Time between <c>channel.metadata</c> "WebSocket Heartbeat" frames on a connected socket; zero turns them off.</summary>
    /// <value>Default <see cref="DefaultHeartbeatInterval"/> (30 s).</value>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>How long a channel lives after it is created (its <c>expires</c>).</summary>
    /// <value>Default <see cref="DefaultChannelLifetime"/> (24 h).</value>
    public TimeSpan ChannelLifetime { get; set; } = DefaultChannelLifetime;

    /// <summary>Channels one OAuth client may hold; creating one more removes the least recently used (unconnected first).</summary>
    /// <value>Default <see cref="DefaultMaxChannelsPerClient"/> (20).</value>
    public int MaxChannelsPerClient { get; set; } = DefaultMaxChannelsPerClient;

    /// <summary>Topics one channel may hold; a subscription that would exceed it gets <c>400</c>.</summary>
    /// <value>Default <see cref="DefaultMaxTopicsPerChannel"/> (1000).</value>
    public int MaxTopicsPerChannel { get; set; } = DefaultMaxTopicsPerChannel;

    /// <summary>
    /// Time between an injected <c>v2.system.socket_closing</c> frame and the server closing the socket
    /// (the platform gives clients "about 1 minute" to reconnect).
    /// </summary>
    /// <value>Default <see cref="DefaultSocketClosingDelay"/> (60 s).</value>
    public TimeSpan SocketClosingDelay { get; set; } = DefaultSocketClosingDelay;
}
