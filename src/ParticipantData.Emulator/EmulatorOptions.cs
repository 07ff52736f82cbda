namespace ParticipantData.Emulator;

/// <summary>Settings of an <see cref="EmulatorHost"/>. Read once by <see cref="EmulatorHost.StartAsync"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks any free port.</summary>
    public int Port { get; set; }

    /// <summary>OAuth clients accepted by <c>POST /oauth/token</c>. Default: <see cref="EmulatorOAuthClient.Default"/>.</summary>
    public IList<EmulatorOAuthClient> Clients { get; } = [EmulatorOAuthClient.Default];

    /// <summary>Lifetime of an access token (<c>expires_in</c>). Default 86400 s, the platform's default.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(86400);

    /// <summary>API requests per OAuth client per <see cref="RateLimitWindow"/>. Default 300; 0 = unlimited.</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary><c>POST /oauth/token</c> requests per OAuth client per <see cref="RateLimitWindow"/>. Default 300; 0 = unlimited.</summary>
    public int TokenRequestsPerMinute { get; set; } = 300;

    /// <summary>Length of a rate-limit window. Default 60 s (the "per minute" of the limits).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What an attribute PATCH on an ended conversation gets. Default <see cref="EndedConversationWrites.Reject"/>.</summary>
    public EndedConversationWrites EndedConversationWrites { get; set; } = EndedConversationWrites.Reject;

    /// <summary>Clock for token expiry, rate windows and timestamps. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many API and login requests the journal keeps (oldest dropped first). Default 10 000; 0 disables it.</summary>
    public int JournalCapacity { get; set; } = 10_000;

    /// <summary>
    /// When true, <see cref="EmulatorHost.StartAsync"/> creates <see cref="SeededConversations"/> (by default a call and
    /// a web-messaging conversation), and <c>POST /emulator/v1/reset</c> creates them again.
    /// </summary>
    public bool SeedConversations { get; set; }

    /// <summary>The conversations to seed when <see cref="SeedConversations"/> is true; empty (the default) = a call and a web-messaging conversation.</summary>
    public IList<NewConversation> SeededConversations { get; } = [];

    /// <summary>
    /// When true, seeded conversations and their participants that have no id of their own get one derived from
    /// <see cref="Seed"/> (same seed, same ids); otherwise (the default) random ids, as the platform gives.
    /// </summary>
    public bool SeedIdsFromSeed { get; set; }

    /// <summary>When true, ASP.NET Core logs to the console. Off by default: the CLI prints its own output.</summary>
    public bool EnableConsoleLogging { get; set; }

    /// <summary>
    /// How long an attribute PATCH takes between reading the conversation's internal version and committing.
    /// A write commits only if no other write committed in between, else it gets <c>409</c>
    /// (<see cref="ConflictCode"/>, <see cref="ConflictMessage"/>). Null (the default): 0, atomic, for
    /// conversations without a lifecycle and <see cref="ContendedWriteServiceTime"/> for conversations with one.
    /// </summary>
    public TimeSpan? WriteServiceTime { get; set; }

    /// <summary>The service time of writes on conversations with a lifecycle when <see cref="WriteServiceTime"/> is null: 50 ms.</summary>
    public static TimeSpan ContendedWriteServiceTime { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The <c>code</c> of a version-conflict <c>409</c>. Default <c>conflict</c>.</summary>
    public string ConflictCode { get; set; } = "conflict";

    /// <summary>The <c>message</c> of a version-conflict <c>409</c>, as users report it.</summary>
    public string ConflictMessage { get; set; } = "The version number of the modified resource must match the version number in the database";

    /// <summary>
    /// The lifecycle of every emulated call (the contended world); null (the default) leaves conversations as
    /// they are created, connected until disconnected. A conversation's own <see cref="NewConversation.Lifecycle"/> wins.
    /// </summary>
    public LifecycleOptions? Lifecycle { get; set; }

    /// <summary>Faults to inject per route (429, 5xx, 409, latency, connection resets, token revocation); null (the default) = none.</summary>
    public FaultPlan? FaultPlan { get; set; }

    /// <summary>Seed of the lifecycles' jitter and of fault plans that give none. Default 0. Same seed, same world.</summary>
    public int Seed { get; set; }

    /// <summary>Notification channels and the WebSocket: heartbeat interval, channel lifetime, channel and topic limits.</summary>
    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>The web-messaging guest WebSocket: deployment ids, <c>maxCustomDataBytes</c>, where custom attributes go.</summary>
    public WebMessagingOptions WebMessaging { get; set; } = new();

    /// <summary>Sizes a client can grow: request bodies, participant attributes, conversations held, the journal.</summary>
    public EmulatorLimits Limits { get; set; } = new();

    /// <summary>Tests only: a logger provider that sees everything the host logs.</summary>
    internal Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; set; }
}
