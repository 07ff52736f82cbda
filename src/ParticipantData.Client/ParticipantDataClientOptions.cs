using System.Collections;

namespace ParticipantData.Client;

/// <summary>
/// Settings of <see cref="ParticipantDataClient"/>. Every default is chosen for a live voice call: a
/// flow or integration must never wait long, and a transient platform error must not lose a write.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>option</term><description>default</description></listheader>
/// <item><term><see cref="TotalTimeout"/></term><description>30 s: the time one request may take, retries and waits included</description></item>
/// <item><term><see cref="AttemptTimeout"/></term><description>10 s per HTTP attempt</description></item>
/// <item><term><see cref="MaxRetryAttempts"/></term><description>4 retries after the first attempt</description></item>
/// <item><term><see cref="RetryBaseDelay"/></term><description>100 ms, exponential with jitter, for 5xx, 408, timeouts and connection failures</description></item>
/// <item><term><see cref="MaxRetryAfter"/></term><description>60 s: a 429 asking to wait longer fails at once instead of blocking</description></item>
/// <item><term><see cref="RequestsPerMinute"/></term><description>300, shared by every client of the same OAuth client in the process</description></item>
/// <item><term><see cref="TokenRefreshBeforeExpiry"/></term><description>5 min (at most half the token lifetime): the token is renewed in the background ahead of expiry</description></item>
/// </list>
/// </remarks>
public sealed class ParticipantDataClientOptions
{
    /// <summary>The environment variable with the OAuth client id (the one the official SDKs and CLI read).</summary>
    public const string ClientIdVariable = "GENESYSCLOUD_OAUTHCLIENT_ID";

    /// <summary>The environment variable with the OAuth client secret.</summary>
    public const string ClientSecretVariable = "GENESYSCLOUD_OAUTHCLIENT_SECRET";

    /// <summary>The environment variable with the region (e.g. <c>eu-west-1</c>).</summary>
    public const string RegionVariable = "GENESYSCLOUD_REGION";

    /// <summary>The environment variable with an API base URL (wins over the region).</summary>
    public const string ApiUrlVariable = "GENESYSCLOUD_API_URL";

    /// <summary>The region used when neither <see cref="Region"/> nor <see cref="ApiUrl"/> is set.</summary>
    internal const string DefaultRegion = "us-east-1";

    internal const int DefaultMaxRetryAttempts = 4;

    /// <summary>The platform's documented limit for one OAuth client.</summary>
    internal const int DefaultRequestsPerMinute = 300;

    internal static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(60);
    internal static readonly TimeSpan DefaultTokenRefreshBeforeExpiry = TimeSpan.FromMinutes(5);

    /// <summary>The OAuth client id (a client-credentials grant). Required.</summary>
    /// <value>Default null; <see cref="FromEnvironment"/> reads <see cref="ClientIdVariable"/>.</value>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret. Never logged, never part of an error message. Required.</summary>
    /// <value>Default null; <see cref="FromEnvironment"/> reads <see cref="ClientSecretVariable"/>.</value>
    public string? ClientSecret { get; set; }

    /// <summary>The region, e.g. <c>us-east-1</c> or <c>eu-west-1</c>; ignored when <see cref="ApiUrl"/> is set.</summary>
    /// <value>Default null, which means <c>us-east-1</c> unless <see cref="ApiUrl"/> is set.</value>
    public string? Region { get; set; }

    /// <summary>Any API base URL, e.g. an emulator's <c>http://127.0.0.1:5080</c>. Wins over <see cref="Region"/>.</summary>
    /// <value>Default null: the region's API URL.</value>
    public Uri? ApiUrl { get; set; }

    /// <summary>The OAuth origin.</summary>
    /// <value>Default null: derived from the API URL (<c>api.</c> → <c>login.</c>, else the same origin, as an emulator serves both).</value>
    public Uri? LoginUrl { get; set; }

    /// <summary>The time one request may take in all: every attempt, retry delay and wait for the request budget.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan TotalTimeout { get; set; } = DefaultTotalTimeout;

    /// <summary>The time one HTTP attempt may take; a slower attempt is abandoned and retried.</summary>
    /// <value>Default 10 s.</value>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>Retries after the first attempt for 429, 408, 500, 502, 503, 504, timeouts and connection failures; 0 turns retries off.</summary>
    /// <value>Default 4.</value>
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>The first retry delay; it doubles per retry (up to 10 s), with jitter unless <see cref="UseJitter"/> is off. A Retry-After wins.</summary>
    /// <value>Default 100 ms.</value>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>The longest Retry-After honoured: a 429 asking to wait longer (or past the request's deadline) fails at once instead of blocking.</summary>
    /// <value>Default 60 s.</value>
    public TimeSpan MaxRetryAfter { get; set; } = DefaultMaxRetryAfter;

    /// <summary>How long before expiry the token is renewed in the background (at most half its lifetime) while the current one is still served.</summary>
    /// <value>Default 5 min.</value>
    public TimeSpan TokenRefreshBeforeExpiry { get; set; } = DefaultTokenRefreshBeforeExpiry;

    /// <summary>
    /// The OAuth client's request budget: requests per minute this process sends for it, across every client
    /// sharing it (writers, plain calls, token and notification requests), paced, with first writes before updates
    /// before verification reads, and paused by a 429's Retry-After. 0 turns it off.
    /// </summary>
    /// <value>Default 300, the platform's limit.</value>
    public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;

    /// <summary>Whether jitter is added to backoff delays (turn off only for deterministic tests).</summary>
    /// <value>Default true.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Reads <c>GENESYSCLOUD_OAUTHCLIENT_ID</c>, <c>GENESYSCLOUD_OAUTHCLIENT_SECRET</c>, <c>GENESYSCLOUD_REGION</c>
    /// and <c>GENESYSCLOUD_API_URL</c> (the same variables the official SDKs and CLI use).
    /// </summary>
    public static ParticipantDataClientOptions FromEnvironment(IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        string? Read(string name) => environment[name] is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        var apiUrl = Read(ApiUrlVariable);
        return new ParticipantDataClientOptions
        {
            ClientId = Read(ClientIdVariable),
            ClientSecret = Read(ClientSecretVariable),
            Region = Read(RegionVariable),
            ApiUrl = apiUrl is null ? null : ParseUrl(apiUrl, ApiUrlVariable),
        };
    }

    /// <summary>True when any connection setting is present (so a caller knows whether to fall back to an emulator).</summary>
    public bool HasConnectionSettings =>
        ClientId is not null || ClientSecret is not null || Region is not null || ApiUrl is not null;

    /// <summary>The API base URL in effect; throws a readable error when neither a known region nor a URL is set.</summary>
    public Uri ResolveApiUrl()
    {
        if (ApiUrl is not null)
        {
            return ApiUrl;
        }

        if (Region is null)
        {
            return GenesysRegions.TryGetApiUrl(DefaultRegion, out var fallback) ? fallback : throw new InvalidOperationException();
        }

        return GenesysRegions.TryGetApiUrl(Region, out var url)
            ? url
            : throw new ArgumentException(
                $"Unknown Genesys Cloud region '{Region}'. Use one of: {string.Join(", ", GenesysRegions.Names)}; or set {ApiUrlVariable} to a base URL.");
    }

    /// <summary>The OAuth origin in effect: <see cref="LoginUrl"/>, else derived from the API URL.</summary>
    /// <exception cref="ArgumentException">The region is unknown.</exception>
    public Uri ResolveLoginUrl() => LoginUrl ?? GenesysRegions.LoginUrlFor(ResolveApiUrl());

    /// <summary>Checks the settings and throws <see cref="ArgumentException"/> naming what is wrong and how to fix it.</summary>
    public void Validate()
    {
        List<string> problems = [];
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add($"the OAuth client id is missing (set {ClientIdVariable})");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            problems.Add($"the OAuth client secret is missing (set {ClientSecretVariable})");
        }

        if (ApiUrl is { IsAbsoluteUri: false } || ApiUrl is { Scheme: not ("http" or "https") })
        {
            problems.Add("the API URL must be an absolute http(s) URL");
        }

        if (ApiUrl is null && Region is not null && !GenesysRegions.TryGetApiUrl(Region, out _))
        {
            problems.Add($"unknown region '{Region}' (known: {string.Join(", ", GenesysRegions.Names)})");
        }

        if (TotalTimeout <= TimeSpan.Zero || AttemptTimeout <= TimeSpan.Zero)
        {
            problems.Add("timeouts must be positive");
        }

        if (AttemptTimeout > TotalTimeout)
        {
            problems.Add("AttemptTimeout must not exceed TotalTimeout");
        }

        if (RequestsPerMinute < 0)
        {
            problems.Add("RequestsPerMinute must be 0 (off) or more");
        }

        if (MaxRetryAttempts < 0)
        {
            problems.Add("MaxRetryAttempts must be 0 or more");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid ParticipantData client settings: " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>
    /// The validated copy a client works with: URLs resolved (so <see cref="ParticipantDataClient.ApiUrl"/> is what is
    /// used), nothing read from this object again, so changing it after the client was built changes nothing.
    /// </summary>
    internal ParticipantDataClientOptions Freeze()
    {
        Validate();
        var frozen = (ParticipantDataClientOptions)MemberwiseClone();
        frozen.ApiUrl = ResolveApiUrl();
        frozen.LoginUrl = ResolveLoginUrl();
        return frozen;
    }

    private static Uri ParseUrl(string text, string variable) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{variable} must be an absolute http(s) URL, e.g. https://api.mypurecloud.com or http://127.0.0.1:5080; got '{text}'.");
}
