using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.RateLimiting;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Hosting;

/// <summary>The emulator's state and services, one set per host.</summary>
internal sealed class EmulatorServices
{
    public EmulatorServices(EmulatorSettings settings)
    {
        Settings = settings;
        Conversations = new ConversationStore(settings.TimeProvider);
        Tokens = new TokenStore(settings.TimeProvider, settings.TokenLifetime);
        ApiRateLimiter = new FixedWindowRateLimiter(settings.TimeProvider, settings.RequestsPerMinute, settings.RateLimitWindow);
        TokenRateLimiter = new FixedWindowRateLimiter(settings.TimeProvider, settings.TokenRequestsPerMinute, settings.RateLimitWindow);
        Journal = new RequestJournal(settings.JournalCapacity);
    }

    public EmulatorSettings Settings { get; }

    public TimeProvider TimeProvider => Settings.TimeProvider;

    public ConversationStore Conversations { get; }

    public TokenStore Tokens { get; }

    public FixedWindowRateLimiter ApiRateLimiter { get; }

    public FixedWindowRateLimiter TokenRateLimiter { get; }

    public RequestJournal Journal { get; }

    public RouteTable Routes { get; } = new();
}
