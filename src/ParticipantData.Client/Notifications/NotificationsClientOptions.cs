namespace ParticipantData.Client;

/// <summary>Settings of <see cref="NotificationsClient"/>; every default is listed in docs/client.md.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>option</term><description>default</description></listheader>
/// <item><term><see cref="HeartbeatInterval"/></term><description>30 s, the platform's heartbeat interval as commonly quoted</description></item>
/// <item><term><see cref="MissedHeartbeats"/> + <see cref="HeartbeatGrace"/></term><description>2 and 10 s: a socket silent for 70 s is dead</description></item>
/// <item><term><see cref="InitialReconnectDelay"/> … <see cref="MaxReconnectDelay"/></term><description>1 s doubling to 30 s, with jitter</description></item>
/// <item><term><see cref="ConnectTimeout"/></term><description>10 s per WebSocket handshake</description></item>
/// <item><term><see cref="MaxTopicsPerChannel"/></term><description>1000</description></item>
/// </list>
/// </remarks>
public sealed class NotificationsClientOptions
{
    internal const int DefaultMissedHeartbeats = 2;

    /// <summary>The platform's limit of topics on one channel.</summary>
    internal const int DefaultMaxTopicsPerChannel = 1000;

    internal static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultHeartbeatGrace = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan DefaultInitialReconnectDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan DefaultMaxReconnectDelay = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the server is expected to send a heartbeat (any frame counts as a sign of life).</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>Heartbeats that may be missed before the socket is declared dead and replaced.</summary>
    /// <value>Default 2.</value>
    public int MissedHeartbeats { get; set; } = DefaultMissedHeartbeats;

    /// <summary>Slack added to <see cref="HeartbeatInterval"/> × <see cref="MissedHeartbeats"/> for network delay.</summary>
    /// <value>Default 10 s.</value>
    public TimeSpan HeartbeatGrace { get; set; } = DefaultHeartbeatGrace;

    /// <summary>The first wait before reconnecting after the socket closed or dropped; it doubles after each failed attempt.</summary>
    /// <value>Default 1 s.</value>
    public TimeSpan InitialReconnectDelay { get; set; } = DefaultInitialReconnectDelay;

    /// <summary>The longest wait between reconnection attempts.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = DefaultMaxReconnectDelay;

    /// <summary>Whether reconnect delays are jittered (each between half and all of the nominal delay).</summary>
    /// <value>Default true.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>The longest a WebSocket handshake may take.</summary>
    /// <value>Default 10 s.</value>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>Topics one client (one channel) may hold; more is refused with an <see cref="ArgumentException"/>.</summary>
    /// <value>Default 1000, the platform's limit.</value>
    public int MaxTopicsPerChannel { get; set; } = DefaultMaxTopicsPerChannel;

    /// <summary>The silence after which a socket is declared dead: <see cref="HeartbeatInterval"/> × <see cref="MissedHeartbeats"/> + <see cref="HeartbeatGrace"/>.</summary>
    /// <value>Default 70 s.</value>
    public TimeSpan DeadSocketTimeout => (HeartbeatInterval * MissedHeartbeats) + HeartbeatGrace;

    /// <summary>A checked copy for a <see cref="NotificationsClient"/> to keep: changing this object later changes nothing.</summary>
    internal NotificationsClientOptions Freeze()
    {
        Validate();
        return (NotificationsClientOptions)MemberwiseClone();
    }

    private void Validate()
    {
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(InitialReconnectDelay, nameof(InitialReconnectDelay));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        if (HeartbeatGrace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatGrace), HeartbeatGrace, "HeartbeatGrace must not be negative.");
        }

        if (MaxReconnectDelay < InitialReconnectDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectDelay), MaxReconnectDelay, "MaxReconnectDelay must be at least InitialReconnectDelay.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MissedHeartbeats, 1, nameof(MissedHeartbeats));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTopicsPerChannel, 1, nameof(MaxTopicsPerChannel));
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be positive.");
        }
    }
}
