using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.Lifecycle;
using ParticipantData.Emulator.RateLimiting;
using ParticipantData.Emulator.Routing;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Hosting;

/// <summary>The emulator's state and services, one set per host.</summary>
internal sealed class EmulatorServices : IDisposable
{
    public EmulatorServices(EmulatorSettings settings)
    {
        Settings = settings;
        Conversations = new ConversationStore(settings.TimeProvider, settings.Limits, _ => Counters.InternalError());
        Tokens = new TokenStore(settings.TimeProvider, settings.TokenLifetime);
        ApiRateLimiter = new FixedWindowRateLimiter(settings.TimeProvider, settings.RequestsPerMinute, settings.RateLimitWindow);
        TokenRateLimiter = new FixedWindowRateLimiter(settings.TimeProvider, settings.TokenRequestsPerMinute, settings.RateLimitWindow);
        Scrubber = new SecretScrubber(settings.Clients.Values, Tokens);
        Journal = new RequestJournal(settings.JournalCapacity, settings.Limits.JournalMaxBytes);
        Faults = new FaultPlanHolder(settings.Seed);
        Faults.Set(settings.FaultPlan);
        Lifecycles = new LifecycleEngine(Conversations, Counters, settings.Seed);
        Channels = new Notifications.ChannelRegistry(settings.Notifications, settings.TimeProvider);
        ChannelFaults = new Notifications.ChannelFaults(Channels, Faults, Counters, settings.TimeProvider);
        Publisher = new Notifications.ConversationPublisher(Conversations, Channels, settings.TimeProvider);
        Guests = new WebMessaging.GuestHub(this);
        AttributeHistory = new Dashboard.AttributeHistory(Conversations, settings.TimeProvider);
        Timeline = new Dashboard.StatisticsTimeline(Counters, settings.TimeProvider);
    }

    public EmulatorSettings Settings { get; }

    /// <summary>The emulator's own origin, <c>http://127.0.0.1:port</c>, known once Kestrel is listening. Links it hands out are built from it, never from a request's <c>Host</c>.</summary>
    public Uri Origin { get; set; } = new("http://127.0.0.1/");

    public TimeProvider TimeProvider => Settings.TimeProvider;

    public ConversationStore Conversations { get; }

    public TokenStore Tokens { get; }

    public FixedWindowRateLimiter ApiRateLimiter { get; }

    public FixedWindowRateLimiter TokenRateLimiter { get; }

    public RequestJournal Journal { get; }

    /// <summary>Masks the emulator's client secrets and issued tokens in whatever it stores or answers.</summary>
    public SecretScrubber Scrubber { get; }

    public RouteTable Routes { get; } = new();

    public EmulatorCounters Counters { get; } = new();

    public FaultPlanHolder Faults { get; }

    public LifecycleEngine Lifecycles { get; }

    public Notifications.ChannelRegistry Channels { get; }

    /// <summary>The faults on the channels' sockets (admin API and fault plan).</summary>
    public Notifications.ChannelFaults ChannelFaults { get; }

    /// <summary>Publishes the store's changes on the channels.</summary>
    public Notifications.ConversationPublisher Publisher { get; }

    public WebMessaging.GuestHub Guests { get; }

    public Dashboard.AttributeHistory AttributeHistory { get; }

    public Dashboard.StatisticsTimeline Timeline { get; }

    /// <summary>
    /// Creates a conversation of a validated request, the one way both the host and the admin API do it:
    /// a call gets the request's lifecycle, else the host's; every conversation gets its write service time.
    /// </summary>
    public ConversationSnapshot CreateConversation(NewConversation request)
    {
        var isCall = request.MediaType is null or "call";
        var lifecycle = request.Lifecycle ?? Settings.Lifecycle;
        if (isCall && lifecycle is { Enabled: true }
            && Lifecycles.Create(request, lifecycle, Settings.ServiceTimeFor(hasLifecycle: true)) is { } call)
        {
            return call;
        }

        var snapshot = ConversationFactory.Build(request, TimeProvider.GetUtcNow()) with { WriteServiceTime = Settings.ServiceTimeFor(hasLifecycle: false) };
        return Conversations.Add(snapshot);
    }

    /// <summary>
    /// Back to the configured start state: lifecycles stopped, conversations forgotten and seeded again, rate-limit
    /// windows closed, the journal emptied, the configured fault plan in force with its counters restarted. Issued
    /// tokens and notification channels stay valid, so connected clients carry on; statistics count on.
    /// </summary>
    public IReadOnlyList<ConversationSnapshot> Reset()
    {
        Lifecycles.StopAll();
        Conversations.Clear();
        ApiRateLimiter.Reset();
        TokenRateLimiter.Reset();
        Journal.Clear();
        Faults.Set(Settings.FaultPlan);
        return Settings.SeededConversations.Select(CreateConversation).ToList();
    }

    /// <summary>The host is stopping: nothing more is published or injected; every socket is told and closed.</summary>
    public void ShutdownNotifications()
    {
        Publisher.Dispose();
        ChannelFaults.Dispose();
        Channels.Shutdown();
    }

    public void Dispose()
    {
        Lifecycles.Dispose();
        Timeline.Dispose();
    }
}
