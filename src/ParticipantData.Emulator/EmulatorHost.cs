using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator;

/// <summary>
/// A running emulator: Genesys Cloud's login service, conversations API and the emulator's admin API on one
/// origin, <c>http://127.0.0.1:port</c>. Start it with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorServices _services;
    private int _stopped;

    private EmulatorHost(WebApplication app, EmulatorServices services, Uri baseUri)
    {
        _app = app;
        _services = services;
        BaseUri = baseUri;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>: API (<c>/api/v2</c>), login (<c>/oauth/token</c>) and admin (<c>/emulator/v1</c>).</summary>
    public Uri BaseUri { get; }

    /// <summary>The first configured OAuth client (by default <see cref="EmulatorOAuthClient.Default"/>).</summary>
    public EmulatorOAuthClient DefaultClient => _services.Settings.DefaultClient;

    /// <summary>The web-messaging deployment ids the guest WebSocket (<c>ws://127.0.0.1:port/v1</c>) accepts; the first is the default.</summary>
    public IReadOnlyList<string> DeploymentIds => _services.Settings.WebMessaging.DeploymentIds;

    /// <summary>Every conversation, oldest first, as it is now.</summary>
    public IReadOnlyList<EmulatedConversation> Conversations =>
        _services.Conversations.List().Select(c => c.ToPublic()).ToList();

    /// <summary>Counts of responses by status, version conflicts, faults and lifecycle events since the start.</summary>
    public EmulatorStatistics Statistics => _services.Counters.Snapshot();

    /// <summary>The fault plan in force (null for none). Setting it replaces the plan and restarts its request numbering.</summary>
    public FaultPlan? FaultPlan
    {
        get => _services.Faults.Current?.Plan;
        set => _services.Faults.Set(value);
    }

    internal EmulatorServices Services => _services;

    /// <summary>Starts an emulator listening on 127.0.0.1 only.</summary>
    /// <exception cref="IOException">The port is already in use; the message names it.</exception>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settings = EmulatorSettings.From(options ?? new EmulatorOptions());
        var services = new EmulatorServices(settings);
        try
        {
            return await ListenAsync(settings, services, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    private static async Task<EmulatorHost> ListenAsync(EmulatorSettings settings, EmulatorServices services, CancellationToken cancellationToken)
    {

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.Limits.MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, settings.Port);
        });
        if (settings.EnableConsoleLogging)
        {
            builder.Logging.AddConsole();
        }

        if (settings.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }

        // The hosting layer's request lines carry query strings, where a client may have put a token: not logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);

        var app = builder.Build();
        var pipeline = new EmulatorPipeline(services);
        // Notification channels' sockets; keep-alive pings are off, the platform's heartbeats are JSON frames on the injected clock.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Lifetime.ApplicationStopping.Register(services.ShutdownNotifications);
        app.Lifetime.ApplicationStopping.Register(services.Guests.Shutdown);
        app.Run(pipeline.InvokeAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AddressInUseException || ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException(
                $"The emulator cannot listen on 127.0.0.1:{settings.Port}: port {settings.Port} is already in use. " +
                "Stop whatever holds it or choose another port (0 picks a free one).", ex);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        services.Origin = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority));
        var host = new EmulatorHost(app, services, services.Origin);
        foreach (var seeded in settings.SeededConversations)
        {
            await host.CreateConversationAsync(seeded, cancellationToken).ConfigureAwait(false);
        }

        return host;
    }

    /// <summary>Creates a live conversation, exactly as <c>POST /emulator/v1/conversations</c> does.</summary>
    /// <exception cref="ArgumentException">The request is invalid (unknown media type, participant without purpose, lifecycle out of range or not on a call, over a limit of <see cref="EmulatorLimits"/>).</exception>
    /// <exception cref="InvalidOperationException">The emulator holds <see cref="EmulatorLimits.MaxConversations"/> live conversations.</exception>
    public Task<EmulatedConversation> CreateConversationAsync(NewConversation? request = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        request ??= new NewConversation();
        if (ConversationFactory.Validate(request, _services.Settings.Limits) is { } error)
        {
            throw new ArgumentException(error.Message, nameof(request));
        }

        if (request.Id is { } id && _services.Conversations.Find(id) is not null)
        {
            throw new ArgumentException($"The emulator already has a conversation {id}.", nameof(request));
        }

        return Task.FromResult(_services.CreateConversation(request).ToPublic());
    }

    /// <summary>Ends a conversation, exactly as <c>POST /emulator/v1/conversations/{id}/disconnect</c> does.</summary>
    /// <exception cref="KeyNotFoundException">No conversation has that id.</exception>
    public Task DisconnectConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        cancellationToken.ThrowIfCancellationRequested();
        return _services.Conversations.Disconnect(conversationId) is null
            ? Task.FromException(new KeyNotFoundException($"The emulator has no conversation [{conversationId}]."))
            : Task.CompletedTask;
    }

    /// <summary>
    /// Returns the emulator to its configured start state, exactly as <c>POST /emulator/v1/reset</c> does: conversations
    /// seeded again (same ids when they are fixed or derived from the seed), lifecycles stopped, rate windows closed,
    /// journal emptied, the configured fault plan restarted. Tokens and notification channels stay valid.
    /// </summary>
    public Task<IReadOnlyList<EmulatedConversation>> ResetAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<EmulatedConversation>>(_services.Reset().Select(c => c.ToPublic()).ToList());
    }

    /// <summary>Stops the lifecycles and listening; requests in flight get a moment to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _services.Dispose();
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the host (as <see cref="StopAsync"/>) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
