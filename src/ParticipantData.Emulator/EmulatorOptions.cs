namespace ParticipantData.Emulator;

/// <summary>Settings of an <see cref="EmulatorHost"/>. Read once by <see cref="EmulatorHost.StartAsync"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Default of <see cref="TokenLifetime"/>: 86 400 s, the platform's default.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(86400);

    /// <summary>Default of <see cref="RequestsPerMinute"/> and <see cref="TokenRequestsPerMinute"/>: 300.</summary>
    public const int DefaultRequestsPerMinute = 300;

    /// <summary>Default of <see cref="RateLimitWindow"/>: 60 s.</summary>
    public static readonly TimeSpan DefaultRateLimitWindow = TimeSpan.FromSeconds(60);

    /// <summary>Default of <see cref="JournalCapacity"/>: 10 000 requests.</summary>
    public const int DefaultJournalCapacity = 10_000;

    /// <summary>Default of <see cref="ConflictCode"/>: <c>conflict</c>.</summary>
    public const string DefaultConflictCode = "conflict";

    /// <summary>Default of <see cref="ConflictMessage"/>: the platform's words, as users report them.</summary>
    public const string DefaultConflictMessage = "The version number of the modified resource must match the version number in the database";

    /// <summary>TCP port on 127.0.0.1; 0 picks any free port.</summary>
    /// <value>Default 0.</value>
    public int Port { get; set; }

    /// <summary>OAuth clients accepted by <c>POST /oauth/token</c>.</summary>
    /// <value>Default: <see cref="EmulatorOAuthClient.Default"/> alone.</value>
    public IList<EmulatorOAuthClient> Clients { get; } = [EmulatorOAuthClient.Default];

    /// <summary>Lifetime of an access token (<c>expires_in</c>).</summary>
    /// <value>Default <see cref="DefaultTokenLifetime"/> (86 400 s, the platform's default).</value>
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;

    /// <summary>API requests per OAuth client per <see cref="RateLimitWindow"/>; 0 = unlimited.</summary>
    /// <value>Default <see cref="DefaultRequestsPerMinute"/> (300).</value>
    public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;

    /// <summary><c>POST /oauth/token</c> requests per OAuth client per <see cref="RateLimitWindow"/>; 0 = unlimited.</summary>
    /// <value>Default <see cref="DefaultRequestsPerMinute"/> (300).</value>
    public int TokenRequestsPerMinute { get; set; } = DefaultRequestsPerMinute;

    /// <summary>Length of a rate-limit window (the "per minute" of the limits).</summary>
    /// <value>Default <see cref="DefaultRateLimitWindow"/> (60 s).</value>
    public TimeSpan RateLimitWindow { get; set; } = DefaultRateLimitWindow;

    /// <summary>What an attribute PATCH on an ended conversation gets.</summary>
    /// <value>Default <see cref="EndedConversationWrites.Reject"/>.</value>
    public EndedConversationWrites EndedConversationWrites { get; set; } = EndedConversationWrites.Reject;

    /// <summary>Clock for token expiry, rate windows, lifecycles, notifications and timestamps.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many API and login requests the journal keeps (oldest dropped first); 0 disables it.</summary>
    /// <value>Default <see cref="DefaultJournalCapacity"/> (10 000).</value>
    public int JournalCapacity { get; set; } = DefaultJournalCapacity;

    /// <summary>
    /// When true, <see cref="EmulatorHost.StartAsync"/> creates <see cref="SeededConversations"/> (by default a call and
    /// a web-messaging conversation), and <c>POST /emulator/v1/reset</c> creates them again.
    /// </summary>
    /// <value>Default false.</value>
    public bool SeedConversations { get; set; }

    /// <summary>The conversations to seed when <see cref="SeedConversations"/> is true; empty = a call and a web-messaging conversation.</summary>
    /// <value>Default empty.</value>
    public IList<NewConversation> SeededConversations { get; } = [];

    /// <summary>
    /// When true, seeded conversations and their participants that have no id of their own get one derived from
    /// <see cref="Seed"/> (same seed, same ids); otherwise random ids, as the platform gives.
    /// </summary>
    /// <value>Default false.</value>
    public bool SeedIdsFromSeed { get; set; }

    /// <summary>When true, ASP.NET Core logs to the console.</summary>
    /// <value>Default false: the CLI prints its own output.</value>
    public bool EnableConsoleLogging { get; set; }

    /// <summary>
    /// How long an attribute PATCH takes between reading the conversation's internal version and committing.
    /// A write commits only if no other write committed in between, else it gets <c>409</c>
    /// (<see cref="ConflictCode"/>, <see cref="ConflictMessage"/>). Null: 0, atomic, for
    /// conversations without a lifecycle and <see cref="ContendedWriteServiceTime"/> for conversations with one.
    /// </summary>
    /// <value>Default null.</value>
    public TimeSpan? WriteServiceTime { get; set; }

    /// <summary>The service time of writes on conversations with a lifecycle when <see cref="WriteServiceTime"/> is null: 50 ms.</summary>
    public static TimeSpan ContendedWriteServiceTime { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The <c>code</c> of a version-conflict <c>409</c>.</summary>
    /// <value>Default <see cref="DefaultConflictCode"/> (<c>conflict</c>).</value>
    public string ConflictCode { get; set; } = DefaultConflictCode;

    /// <summary>The <c>message</c> of a version-conflict <c>409</c>.</summary>
    /// <value>Default <see cref="DefaultConflictMessage"/>, as users report it.</value>
    public string ConflictMessage { get; set; } = DefaultConflictMessage;

    /// <summary>
    /// The lifecycle of every emulated call (the contended world); null leaves conversations as
    /// they are created, connected until disconnected. A conversation's own <see cref="NewConversation.Lifecycle"/> wins.
    /// </summary>
    /// <value>Default null.</value>
    public LifecycleOptions? Lifecycle { get; set; }

    /// <summary>Faults to inject per route (429, 5xx, 409, latency, connection resets, token revocation, socket faults); null = none.</summary>
    /// <value>Default null.</value>
    public FaultPlan? FaultPlan { get; set; }

    /// <summary>Seed of the lifecycles' jitter and of fault plans that give none. Same seed, same world.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; set; }

    /// <summary>Notification channels and the WebSocket: heartbeat interval, channel lifetime, channel and topic limits.</summary>
    /// <value>Default: a new <see cref="NotificationOptions"/> (each option's own default).</value>
    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>The web-messaging guest WebSocket: deployment ids, <c>maxCustomDataBytes</c>, where custom attributes go.</summary>
    /// <value>Default: a new <see cref="WebMessagingOptions"/> (each option's own default).</value>
    public WebMessagingOptions WebMessaging { get; set; } = new();

    /// <summary>Sizes a client can grow: request bodies, participant attributes, conversations held, the journal.</summary>
    /// <value>Default: a new <see cref="EmulatorLimits"/> (each limit's own default).</value>
    public EmulatorLimits Limits { get; set; } = new();

    /// <summary>Tests only: a logger provider that sees everything the host logs.</summary>
    internal Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; set; }
}
