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

    /// <summary>When true, <see cref="EmulatorHost.StartAsync"/> creates a default call and a default web-messaging conversation.</summary>
    public bool SeedConversations { get; set; }

    /// <summary>When true, ASP.NET Core logs to the console. Off by default: the CLI prints its own output.</summary>
    public bool EnableConsoleLogging { get; set; }
}
