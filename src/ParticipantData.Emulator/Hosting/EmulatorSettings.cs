namespace ParticipantData.Emulator.Hosting;

/// <summary>A frozen, validated copy of <see cref="EmulatorOptions"/>: changing the options after start changes nothing.</summary>
internal sealed record EmulatorSettings
{
    public required int Port { get; init; }

    public required IReadOnlyDictionary<string, EmulatorOAuthClient> Clients { get; init; }

    public required EmulatorOAuthClient DefaultClient { get; init; }

    public required TimeSpan TokenLifetime { get; init; }

    public required int RequestsPerMinute { get; init; }

    public required int TokenRequestsPerMinute { get; init; }

    public required TimeSpan RateLimitWindow { get; init; }

    public required EndedConversationWrites EndedConversationWrites { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public required int JournalCapacity { get; init; }

    public required bool SeedConversations { get; init; }

    /// <summary>What to create at start (and on reset); empty when <see cref="SeedConversations"/> is false. Validated.</summary>
    public required IReadOnlyList<NewConversation> SeededConversations { get; init; }

    public required bool EnableConsoleLogging { get; init; }

    public required TimeSpan? WriteServiceTime { get; init; }

    public required string ConflictCode { get; init; }

    public required string ConflictMessage { get; init; }

    /// <summary>The lifecycle of every call; null when off (a disabled <see cref="LifecycleOptions"/> is stored as null).</summary>
    public required LifecycleOptions? Lifecycle { get; init; }

    public required FaultPlan? FaultPlan { get; init; }

    public required int Seed { get; init; }

    public ParticipantData.Emulator.Notifications.NotificationSettings Notifications { get; init; } = ParticipantData.Emulator.Notifications.NotificationSettings.Default;

    public ParticipantData.Emulator.WebMessaging.WebMessagingSettings WebMessaging { get; init; } = ParticipantData.Emulator.WebMessaging.WebMessagingSettings.Default;

    public LimitSettings Limits { get; init; } = LimitSettings.Default;

    public Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; init; }

    /// <summary>The service time of writes on a conversation, with or without a lifecycle.</summary>
    public TimeSpan ServiceTimeFor(bool hasLifecycle) =>
        WriteServiceTime ?? (hasLifecycle ? EmulatorOptions.ContendedWriteServiceTime : TimeSpan.Zero);

    public static EmulatorSettings From(EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TokenLifetime, TimeSpan.Zero, nameof(options.TokenLifetime));
        ArgumentOutOfRangeException.ThrowIfNegative(options.RequestsPerMinute, nameof(options.RequestsPerMinute));
        ArgumentOutOfRangeException.ThrowIfNegative(options.TokenRequestsPerMinute, nameof(options.TokenRequestsPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RateLimitWindow, TimeSpan.FromSeconds(1), nameof(options.RateLimitWindow));
        ArgumentOutOfRangeException.ThrowIfNegative(options.JournalCapacity, nameof(options.JournalCapacity));
        if (!Enum.IsDefined(options.EndedConversationWrites))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.EndedConversationWrites, "Unknown EndedConversationWrites value.");
        }

        if (options.WriteServiceTime is { } serviceTime)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(serviceTime, TimeSpan.Zero, nameof(options.WriteServiceTime));
        }

        if (string.IsNullOrWhiteSpace(options.ConflictCode) || string.IsNullOrWhiteSpace(options.ConflictMessage))
        {
            throw new ArgumentException("EmulatorOptions.ConflictCode and ConflictMessage must not be empty.", nameof(options));
        }

        if (options.Lifecycle?.Problem() is { } lifecycleProblem)
        {
            throw new ArgumentException(lifecycleProblem, nameof(options));
        }

        if (options.Clients.Count == 0)
        {
            throw new ArgumentException("EmulatorOptions.Clients must hold at least one OAuth client.", nameof(options));
        }

        var clients = new Dictionary<string, EmulatorOAuthClient>(StringComparer.Ordinal);
        foreach (var client in options.Clients)
        {
            if (client is null || string.IsNullOrEmpty(client.ClientId) || string.IsNullOrEmpty(client.ClientSecret))
            {
                throw new ArgumentException("Every OAuth client needs a client id and a client secret.", nameof(options));
            }

            if (!clients.TryAdd(client.ClientId, client))
            {
                throw new ArgumentException($"The OAuth client id '{client.ClientId}' is configured twice.", nameof(options));
            }
        }

        var limits = LimitSettings.From(options.Limits);
        var seeded = !options.SeedConversations ? []
            : options.SeededConversations.Count > 0 ? options.SeededConversations.ToList()
            : Conversations.SeededConversations.Defaults;
        for (var i = 0; i < seeded.Count; i++)
        {
            var problem = seeded[i] is null ? "it is null" : Conversations.ConversationFactory.Validate(seeded[i], limits)?.Message;
            if (problem is not null)
            {
                throw new ArgumentException($"Seeded conversation {i + 1}: {problem}", nameof(options));
            }
        }

        if (options.SeedIdsFromSeed)
        {
            seeded = Conversations.SeededConversations.WithSeededIds(seeded, options.Seed);
        }

        var duplicate = seeded.Where(c => c.Id is not null).GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two seeded conversations have the id {duplicate.Key}.", nameof(options));
        }

        return new EmulatorSettings
        {
            Port = options.Port,
            Clients = clients,
            DefaultClient = clients[options.Clients[0].ClientId],
            TokenLifetime = options.TokenLifetime,
            RequestsPerMinute = options.RequestsPerMinute,
            TokenRequestsPerMinute = options.TokenRequestsPerMinute,
            RateLimitWindow = options.RateLimitWindow,
            EndedConversationWrites = options.EndedConversationWrites,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
            JournalCapacity = options.JournalCapacity,
            SeedConversations = options.SeedConversations,
            SeededConversations = seeded,
            EnableConsoleLogging = options.EnableConsoleLogging,
            WriteServiceTime = options.WriteServiceTime,
            ConflictCode = options.ConflictCode,
            ConflictMessage = options.ConflictMessage,
            Lifecycle = options.Lifecycle is { Enabled: true } lifecycle ? lifecycle : null,
            FaultPlan = options.FaultPlan,
            Seed = options.Seed,
            Notifications = ParticipantData.Emulator.Notifications.NotificationSettings.From(options.Notifications),
            WebMessaging = ParticipantData.Emulator.WebMessaging.WebMessagingSettings.From(options.WebMessaging),
            Limits = limits,
            LoggerProvider = options.LoggerProvider,
        };
    }
}
