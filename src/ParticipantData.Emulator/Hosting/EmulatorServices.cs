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
        Conversations = new ConversationStore(settings.TimeProvider);
        Tokens = new TokenStore(settings.TimeProvider, settings.TokenLifetime);
        ApiRateLimiter = new FixedWindowRateLimiter(settings.TimeProvider, settings.RequestsPerMinute, settings.RateLimitWindow);
        TokenRateLimiter = new FixedWindowRateLimiter(settings.TimeProvider, settings.TokenRequestsPerMinute, settings.RateLimitWindow);
        Journal = new RequestJournal(settings.JournalCapacity);
        Faults = new FaultPlanHolder(settings.Seed);
        Faults.Set(settings.FaultPlan);
        Lifecycles = new LifecycleEngine(Conversations, Counters, settings.Seed);
        Notifications = new Notifications.NotificationHub(settings.Notifications, Conversations, settings.TimeProvider, Faults, Counters);
        Guests = new WebMessaging.GuestHub(this);
        AttributeHistory = new Dashboard.AttributeHistory(Conversations, settings.TimeProvider);
        Timeline = new Dashboard.StatisticsTimeline(Counters, settings.TimeProvider);
    }

    public EmulatorSettings Settings { get; }

    public TimeProvider TimeProvider => Settings.TimeProvider;

    public ConversationStore Conversations { get; }

    public TokenStore Tokens { get; }

    public FixedWindowRateLimiter ApiRateLimiter { get; }

    public FixedWindowRateLimiter TokenRateLimiter { get; }

    public RequestJournal Journal { get; }

    public RouteTable Routes { get; } = new();

    public EmulatorCounters Counters { get; } = new();

    public FaultPlanHolder Faults { get; }

    public LifecycleEngine Lifecycles { get; }

    public Notifications.NotificationHub Notifications { get; }

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

    public void Dispose()
    {
        Lifecycles.Dispose();
        Timeline.Dispose();
    }
}
