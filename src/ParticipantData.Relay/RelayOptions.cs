using ParticipantData.Client;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay;

/// <summary>Settings of a relay (<c>pdata relay</c>, <c>relay.yaml</c>); frozen into a validated copy when the relay starts.</summary>
public sealed class RelayOptions
{
    /// <summary>Port on 127.0.0.1. Default 5090; 0 picks a free one.</summary>
    public int Port { get; set; } = 5090;

    /// <summary>
    /// Address to listen on. Default <c>127.0.0.1</c>: put a TLS-terminating proxy in front (docs/relay.md);
    /// listening elsewhere is an explicit choice.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The queue: a SQLite file (one relay process), or a PostgreSQL database shared by several relay instances, given
    /// as an Npgsql connection string (<c>Host=db;Port=5432;Database=relay;Username=relay</c>) or a <c>postgres://</c>
    /// URL (<see cref="Store.RelayStoreLocation"/>). Default <c>relay.db</c> in the working directory.
    /// </summary>
    public string StorePath { get; set; } = "relay.db";

    /// <summary>A store to use instead of the SQLite file at <see cref="StorePath"/> (the relay disposes it).</summary>
    public IRelayStore? Store { get; set; }

    /// <summary>The API keys accepted (at least one). The relay refuses to start without.</summary>
    public IList<ApiKey> ApiKeys { get; } = [];

    /// <summary>The Genesys Cloud connection the relay delivers with (one OAuth client: one budget).</summary>
    public ParticipantDataClientOptions? Platform { get; set; }

    /// <summary>How long a write may take to be applied when the request names no <c>deadlineSeconds</c>. Default 60 s.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest <c>deadlineSeconds</c> a request may ask for. Default 1 hour.</summary>
    public TimeSpan MaxDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest request body accepted. Default 64 KiB.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Guard delivered values against the flow's write-back (<see cref="VerifyMode.Ensure"/>, by notifications).
    /// Default true.
    /// </summary>
    public bool Ensure { get; set; } = true;

    /// <summary>With <see cref="Ensure"/>: how long delivered values stay under guard. Default 2 minutes.</summary>
    public TimeSpan EnsureFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Conversations delivered to at once. Default 16.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>
    /// How often the queue is looked at when nothing signals new work (after a restart, another instance's retries).
    /// Default (null): 1 s on SQLite; 10 s on PostgreSQL, where <c>LISTEN</c>/<c>NOTIFY</c> wakes the instances and the
    /// poll is only the safety net.
    /// </summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>
    /// How long a claim on a conversation lasts without renewal (renewed every third of it while a delivery runs):
    /// when an instance dies, its conversations are taken over after at most this long. Default 30 s.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The enrichment sources by name (what <c>POST /v1/enrichments</c> names as <c>source</c>).</summary>
    public IDictionary<string, EnrichmentSource> Sources { get; } = new Dictionary<string, EnrichmentSource>(StringComparer.Ordinal);

    /// <summary>The transport for calls to enrichment endpoints (tests, proxies). Default a plain <see cref="HttpMessageHandler"/>.</summary>
    public HttpMessageHandler? EnrichmentHandler { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Request and delivery logs on the console. Default false.</summary>
    public bool EnableConsoleLogging { get; set; }

    internal void Validate()
    {
        if (ApiKeys.Count == 0)
        {
            throw new ArgumentException("No API key is configured: give --api-key KEY (repeatable) or apiKeys in relay.yaml; the relay accepts no unauthenticated write.");
        }

        if (Platform is null)
        {
            throw new ArgumentException("No platform connection is configured (RelayOptions.Platform).");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be between 0 and 65535; got {Port}.");
        }

        if (DefaultDeadline <= TimeSpan.Zero || DefaultDeadline > MaxDeadline)
        {
            throw new ArgumentException($"The default deadline must be between 1 s and the maximum ({MaxDeadline.TotalSeconds:0} s).");
        }

        if (MaxRequestBytes < 1024)
        {
            throw new ArgumentException("MaxRequestBytes must be at least 1024.");
        }

        if (ClaimLease < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"ClaimLease must be at least 1 s; got {ClaimLease.TotalSeconds:0.###} s.");
        }

        if (PollInterval is { } poll && poll <= TimeSpan.Zero)
        {
            throw new ArgumentException("PollInterval must be positive.");
        }

        if (MaxConcurrentDeliveries < 1)
        {
            throw new ArgumentException("MaxConcurrentDeliveries must be at least 1.");
        }
    }
}
