using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParticipantData.Client;
using ParticipantData.Relay.Api;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Delivery;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Monitoring;
using ParticipantData.Relay.Store;
using ParticipantData.Relay.Store.Postgres;

namespace ParticipantData.Relay;

/// <summary>
/// A running relay: the HTTP API on Kestrel, the durable queue, and delivery to the platform under one OAuth
/// client's budget. Start it with <see cref="StartAsync"/>; dispose it to stop (what is queued stays queued).
/// </summary>
public sealed class RelayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IRelayStore _store;
    private readonly ParticipantDataClient _client;
    private readonly AttributeDelivery _delivery;
    private readonly DeliveryService _deliveryService;
    private readonly HttpClient _http;
    private readonly HttpClient? _platformHttp;
    private readonly SharedBudgetHandler? _sharedBudget;
    private int _stopped;

    private RelayHost(WebApplication app, IRelayStore store, ParticipantDataClient client, AttributeDelivery delivery, DeliveryService deliveryService, HttpClient http, SharedBudgetHandler? sharedBudget, HttpClient? platformHttp, Uri baseUri, RelayMetrics metrics)
    {
        _sharedBudget = sharedBudget;
        _platformHttp = platformHttp;
        _app = app;
        _store = store;
        _client = client;
        _delivery = delivery;
        _deliveryService = deliveryService;
        _http = http;
        BaseUri = baseUri;
        Metrics = metrics;
    }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The platform API this relay delivers to.</summary>
    public Uri PlatformUrl => _client.ApiUrl;

    /// <summary>Requests the relay has sent to the platform API so far.</summary>
    public int PlatformRequests => _client.ApiRequestCount;

    internal RelayMetrics Metrics { get; }

    internal IRelayStore Store => _store;

    /// <summary>Requests that went through the shared budget in PostgreSQL (each waits there for a permit); null on SQLite.</summary>
    internal long? SharedBudgetRequests => _sharedBudget?.Requests;

    /// <summary>Permits taken from the shared budget in PostgreSQL; null on SQLite.</summary>
    internal long? SharedBudgetGrants => _sharedBudget?.Granted;

    /// <summary>Token requests the relay has sent to the login service so far.</summary>
    internal int TokenRequests => _client.TokenRequestCount;

    /// <summary>This instance's name on its delivery claims.</summary>
    public string InstanceName => _deliveryService.Owner;

    /// <summary>The OAuth client's key in the shared budget: the login origin and the client id (as the client library keys its own budget).</summary>
    private static string SharedBudgetKey(ParticipantDataClientOptions platform) =>
        platform.ResolveLoginUrl().GetLeftPart(UriPartial.Authority) + "|" + platform.ClientId;

    /// <summary>Opens (or creates and migrates) the store, starts delivering what it holds, and listens.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message says which and what to do.</exception>
    /// <exception cref="IOException">The port is in use.</exception>
    public static async Task<RelayHost> StartAsync(RelayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var settings = RelaySettings.From(options);
        var time = options.TimeProvider;
        var store = options.Store ?? RelayStoreLocation.Open(options.StorePath, time);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(RelayHost).Assembly.GetName().Name });
        if (!IPAddress.TryParse(options.ListenAddress, out var address))
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"The listen address '{options.ListenAddress}' is not an IP address (e.g. 127.0.0.1).");
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes * 2L;
            kestrel.Listen(address, options.Port);
        });
        builder.Services.AddRoutingCore();
        if (options.EnableConsoleLogging)
        {
            // The relay's own delivery and failure logs; ASP.NET Core's only from warnings up (at Information it
            // logs four lines for every request, a flood at a thousand writes a second).
            builder.Logging.AddConsole().AddFilter("Microsoft", LogLevel.Warning);
        }

        var app = builder.Build();
        var loggers = options.EnableConsoleLogging ? app.Services.GetRequiredService<ILoggerFactory>() : NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("ParticipantData.Relay");
        // Several instances on one PostgreSQL store share the OAuth client's budget there: every platform request
        // passes the shared bucket first (SharedBudgetHandler); alone on SQLite the client's own budget suffices.
        var sharedBudget = store is IRelayCluster cluster
            ? new SharedBudgetHandler(cluster, SharedBudgetKey(options.Platform!), new SharedBudgetRate(options.Platform!.RequestsPerMinute), time)
            : null;
        var platformHttp = sharedBudget is null ? null : new HttpClient(sharedBudget) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new ParticipantDataClient(options.Platform!, platformHttp, time, loggers);
        var delivery = new AttributeDelivery(client, options.Ensure, options.EnsureFor, time);
        var http = new HttpClient(options.EnrichmentHandler ?? new SocketsHttpHandler(), disposeHandler: options.EnrichmentHandler is null) { Timeout = Timeout.InfiniteTimeSpan };
        var metrics = new RelayMetrics();
        var enrichments = new EnrichmentRunner(new Dictionary<string, EnrichmentSource>(options.Sources, StringComparer.Ordinal), http, time);
        var deliveryService = new DeliveryService(store, delivery, enrichments, metrics, time, logger, options.MaxConcurrentDeliveries, options.PollInterval ?? (store is IRelayCluster ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(1)), options.Platform!.RequestsPerMinute, options.ClaimLease);
        var endpoints = new RelayEndpoints(
            settings,
            store,
            new ApiKeyAuthenticator([.. options.ApiKeys]),
            enrichments,
            deliveryService,
            metrics,
            new HealthCheck(store, options.Platform!, http, time),
            () => client.ApiRequestCount);

        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
                if (context.Response.StatusCode == 405 && !context.Response.HasStarted)
                {
                    await RelayEndpoints.MethodNotAllowedAsync(context).ConfigureAwait(false);
                }
            }
            catch (RelayStoreUnavailableException e) when (!context.Response.HasStarted)
            {
                logger.LogError("{Method} {Path}: {Message}", context.Request.Method, context.Request.Path, e.Message);
                context.Response.Headers.RetryAfter = "5";
                await RelayEndpoints.WriteErrorAsync(context, new RequestError(503, "service.unavailable", "The relay cannot reach its store (PostgreSQL) just now, so it could not answer; nothing was changed. Retry in a few seconds.")).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                logger.LogError(e, "Unexpected failure serving {Method} {Path}", context.Request.Method, context.Request.Path);
                await RelayEndpoints.WriteErrorAsync(context, new RequestError(500, "internal.server.error", "The relay failed unexpectedly; nothing was accepted. Retry the request.")).ConfigureAwait(false);
            }
        });
        app.UseRouting();
        app.MapPost("/v1/writes", endpoints.AcceptWriteAsync);
        app.MapGet("/v1/writes/{writeId}", endpoints.GetWriteAsync);
        app.MapPost("/v1/enrichments", endpoints.AcceptEnrichmentAsync);
        app.MapMethods("/api/v2/conversations/{conversationId}/participants/{participantId}/attributes", ["PATCH"], endpoints.AcceptPlatformPatchAsync);
        app.MapGet("/healthz", endpoints.HealthAsync);
        app.MapGet("/metrics", endpoints.MetricsAsync);
        app.MapFallback(RelayEndpoints.NotFoundAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await delivery.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
            http.Dispose();
            platformHttp?.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            if (e is AddressInUseException || e.InnerException is AddressInUseException)
            {
                throw new IOException($"The relay cannot listen on {options.ListenAddress}:{options.Port}: the port is already in use. Stop whatever holds it or choose another port (0 picks a free one).", e);
            }

            throw;
        }

        var listening = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).GetLeftPart(UriPartial.Authority));
        await StartupWarmUp.RunAsync(listening, settings, cancellationToken).ConfigureAwait(false);
        deliveryService.Start();
        return new RelayHost(app, store, client, delivery, deliveryService, http, sharedBudget, platformHttp, listening, metrics);
    }

    /// <summary>Stops listening, lets deliveries in flight end (they stay queued if cut short), closes the store.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _deliveryService.DisposeAsync().ConfigureAwait(false);
        await _delivery.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
        _http.Dispose();
        _platformHttp?.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
