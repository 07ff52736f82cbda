using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ParticipantData.Client.Budget;
using ParticipantData.Client.Http;
using ParticipantData.Client.Json;
using Polly.Timeout;

namespace ParticipantData.Client.Auth;

internal sealed record AccessToken(string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt);

/// <summary>
/// Client-credentials tokens for one OAuth client. One token request is in flight however many callers
/// wait (no stampede); a token is renewed in the background ahead of expiry while the current one is
/// still served; a failure is never cached (the next caller tries again); a token the API rejected is
/// dropped so the next request gets a fresh one.
/// </summary>
internal sealed class TokenManager : IDisposable
{
    /// <summary>A token is given up this long before it expires (at most a tenth of its lifetime), so it never expires in flight.</summary>
    private static readonly TimeSpan ExpirySafety = TimeSpan.FromSeconds(30);

    /// <summary>The lifetime assumed when the login service does not say (<c>expires_in</c> missing): the platform's 24 h.</summary>
    private const int DefaultLifetimeSeconds = 86400;

    private readonly HttpClient _http;
    private readonly ParticipantDataClientOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _tokenUrl;
    private readonly RequestPath _path;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private AccessToken? _current;
    private Task<AccessToken>? _inflight;
    private int _requests;

    /// <summary>Works from the client's frozen settings (login URL resolved).</summary>
    public TokenManager(HttpClient http, ParticipantDataClientOptions settings, TimeProvider time, ILogger logger, RequestBudget? budget)
    {
        _http = http;
        _settings = settings;
        _time = time;
        _logger = logger;
        _tokenUrl = new Uri(settings.LoginUrl!, "/oauth/token");
        _path = new RequestPath(ResiliencePipelines.Build(settings, time, IsThrottledOrTransientAsync), budget);
    }

    /// <summary>How many token requests were sent (each attempt counts).</summary>
    public int TokenRequests => Volatile.Read(ref _requests);

    public async ValueTask<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        Task<AccessToken> pending;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_current is { } token && now < token.ExpiresAt)
            {
                if (now >= token.RefreshAt && _inflight is null)
                {
                    _inflight = FetchAsync();
                    _ = _inflight.ContinueWith(
                        t => _logger.LogWarning("Background token renewal failed; the current token is used until it expires: {Error}", t.Exception?.InnerException?.Message),
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted,
                        TaskScheduler.Default);
                }

                return token;
            }

            pending = _inflight ??= FetchAsync();
        }

        // Each caller may give up on its own; the shared request carries on for the others.
        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets <paramref name="rejected"/> if it is still the current token (the API answered 401 to it).</summary>
    public void Invalidate(AccessToken rejected)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, rejected))
            {
                _current = null;
            }
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private Task<AccessToken> FetchAsync() => Task.Run(async () =>
    {
        try
        {
            var token = await RequestAsync(_disposed.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _current = token;
            }

            return token;
        }
        finally
        {
            lock (_gate)
            {
                _inflight = null;
            }
        }
    });

    private async Task<AccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        var issuedAt = _time.GetUtcNow();
        var deadline = new RequestDeadline(_time, _settings.TotalTimeout, RequestPriority.Token);
        HttpResponseMessage response;
        try
        {
            response = await _path.RunAsync(deadline, attempt => attempt.SendAsync(SendOnceAsync), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new GenesysAuthenticationException(
                null,
                null,
                null,
                $"Check that {_tokenUrl.GetLeftPart(UriPartial.Authority)} is reachable (region or API URL) — {deadline.Describe()}.",
                e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var dto = TryParse(body);
            if (response.IsSuccessStatusCode && !string.IsNullOrEmpty(dto?.AccessToken))
            {
                var lifetime = TimeSpan.FromSeconds(Math.Max(1, dto.ExpiresIn ?? DefaultLifetimeSeconds));
                // Stop using a token slightly before the platform does, so it never expires in flight.
                var safety = TimeSpan.FromTicks(Math.Min(ExpirySafety.Ticks, lifetime.Ticks / 10));
                var ahead = TimeSpan.FromTicks(Math.Min(_settings.TokenRefreshBeforeExpiry.Ticks, lifetime.Ticks / 2));
                _logger.LogDebug("Obtained an access token valid for {Lifetime}", lifetime);
                return new AccessToken(dto.AccessToken, issuedAt, issuedAt + lifetime - safety, issuedAt + lifetime - ahead);
            }

            var description = dto?.ErrorDescription ?? dto?.Description;
            throw new GenesysAuthenticationException(response.StatusCode, dto?.Error, description, HintFor(response.StatusCode, description));
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredentials());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private string BasicCredentials() =>
        Convert.ToBase64String(Encoding.Latin1.GetBytes($"{_settings.ClientId}:{_settings.ClientSecret}"));

    private string HintFor(HttpStatusCode status, string? description) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"Check {ParticipantDataClientOptions.ClientIdVariable} and {ParticipantDataClientOptions.ClientSecretVariable}, that the OAuth client uses the Client Credentials grant, and that it belongs to the org of {_tokenUrl.Host} (region).",
        HttpStatusCode.BadRequest when IsRateLimitText(description) =>
            "The login service throttled token requests for this client; reuse one client (tokens are cached) instead of creating many.",
        HttpStatusCode.BadRequest =>
            "The login service rejected the token request; check the OAuth client's grant type (Client Credentials).",
        _ => "The login service failed; try again later.",
    };

    private static async ValueTask<bool> IsThrottledOrTransientAsync(HttpResponseMessage response)
    {
        if (ResiliencePipelines.IsTransientStatus(response.StatusCode))
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        // The token endpoint throttles with 400 invalid_request "rate limit exceeded; ...", not 429.
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var dto = TryParse(body);
        return IsRateLimitText(dto?.ErrorDescription ?? dto?.Description ?? body);
    }

    private static bool IsRateLimitText(string? text) =>
        text is not null && text.Contains("rate limit exceeded", StringComparison.OrdinalIgnoreCase);

    private static TokenResponseDto? TryParse(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, WireJsonContext.Default.TokenResponseDto);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
