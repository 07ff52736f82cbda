using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ParticipantData.Client.Auth;
using ParticipantData.Client.Budget;
using ParticipantData.Client.Json;
using Polly.Timeout;

namespace ParticipantData.Client.Http;

/// <summary>
/// Sends one API request along the <see cref="RequestPath"/>: a fresh request per attempt, a bearer token
/// from the token manager, one renewal and replay on 401, and platform errors turned into
/// <see cref="GenesysApiException"/> with a hint.
/// </summary>
internal sealed class GenesysHttp
{
    private readonly HttpClient _http;
    private readonly TokenManager _tokens;
    private readonly ParticipantDataClientOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RequestPath _path;
    private int _requests;

    /// <summary>Works from the client's frozen settings (API URL resolved).</summary>
    public GenesysHttp(HttpClient http, TokenManager tokens, ParticipantDataClientOptions settings, TimeProvider time, ILogger logger, RequestBudget? budget)
    {
        _http = http;
        _tokens = tokens;
        _settings = settings;
        _time = time;
        _logger = logger;
        _path = new RequestPath(ResiliencePipelines.Build(settings, time), budget);
    }

    /// <summary>Requests sent to the API (every attempt and replay counts).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A fresh deadline of <paramref name="total"/> (default: the settings' <c>TotalTimeout</c>) for one request.</summary>
    public RequestDeadline NewDeadline(TimeSpan? total = null, RequestPriority priority = RequestPriority.Update) => new(_time, total ?? _settings.TotalTimeout, priority);

    /// <summary>The OAuth client's request budget (null when <see cref="ParticipantDataClientOptions.RequestsPerMinute"/> is 0).</summary>
    public RequestBudget? RequestBudget => _path.Budget;

    /// <summary>
    /// Sends the request and returns the successful response (caller disposes), or throws. A caller-made
    /// <paramref name="deadline"/> bounds the request by its own deadline and tells afterwards what each attempt got.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(ApiRequest request, byte[]? jsonBody, CancellationToken cancellationToken, RequestDeadline? deadline = null)
    {
        deadline ??= NewDeadline();
        HttpResponseMessage response;
        try
        {
            response = await _path.RunAsync(deadline, attempt => AttemptAsync(request, jsonBody, attempt), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ParticipantDataTimeoutException(
                $"{request.Operation} did not succeed within its {deadline.Total.TotalSeconds:0.#} s budget ({deadline.Describe()}).",
                $"Check that {_settings.ApiUrl!.GetLeftPart(UriPartial.Authority)} is reachable; raise TotalTimeout if the platform is slow.",
                e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, request.Operation, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the request and reads the answer's JSON body as <typeparamref name="T"/>; an empty body is an error.</summary>
    public async Task<T> SendForJsonAsync<T>(ApiRequest request, byte[]? jsonBody, JsonTypeInfo<T> type, CancellationToken cancellationToken, RequestDeadline? deadline = null)
    {
        using var response = await SendAsync(request, jsonBody, cancellationToken, deadline).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
            ?? throw new ParticipantDataException($"{request.Method.Method} {request.Path} answered an empty body.");
    }

    private async Task<HttpResponseMessage> AttemptAsync(ApiRequest request, byte[]? jsonBody, RequestAttempt attempt)
    {
        var token = await _tokens.GetAsync(attempt.Token).ConfigureAwait(false);
        var answer = await attempt.SendAsync(ct => SendOnceAsync(request, jsonBody, token, ct)).ConfigureAwait(false);
        if (answer.StatusCode == HttpStatusCode.Unauthorized)
        {
            // An expired or revoked token: renew once and replay, as the SDK does not for client credentials.
            answer.Dispose();
            _tokens.Invalidate(token);
            token = await _tokens.GetAsync(attempt.Token).ConfigureAwait(false);
            _logger.LogInformation("{Operation}: access token rejected (401); renewed it and replaying once", request.Operation);
            answer = await attempt.SendAsync(ct => SendOnceAsync(request, jsonBody, token, ct)).ConfigureAwait(false);
        }

        if (answer.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter.Read(answer.Headers, _time.GetUtcNow()) is { } wait)
        {
            // Another process spends the same client's budget: nobody here sends until the platform allows it.
            _path.Budget?.Pause(wait);
        }

        return answer;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(ApiRequest request, byte[]? jsonBody, AccessToken token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        using var message = new HttpRequestMessage(request.Method, new Uri(_settings.ApiUrl!, request.Path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (jsonBody is not null)
        {
            message.Content = new ByteArrayContent(jsonBody);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GenesysApiException> ToExceptionAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorBodyDto? error = null;
        try
        {
            error = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, WireJsonContext.Default.ErrorBodyDto);
        }
        catch (JsonException)
        {
            // Not an ErrorBody (a proxy's HTML page, say): the status still tells the story.
        }

        var contextId = error?.ContextId ??
            (response.Headers.TryGetValues("inin-correlation-id", out var ids) ? ids.FirstOrDefault() : null);
        var message = error?.Message;
        return new GenesysApiException(
            response.StatusCode,
            error?.Code,
            message,
            contextId,
            operation,
            ErrorHints.For(response.StatusCode, error?.Code, message, operation),
            RetryAfter.Read(response.Headers, _time.GetUtcNow()));
    }
}
