using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ParticipantData.Client.Auth;
using ParticipantData.Client.Budget;
using ParticipantData.Client.Json;
using Polly;
using Polly.Timeout;

namespace ParticipantData.Client.Http;

/// <summary>
/// Sends one platform call through the resilience pipeline: a fresh request per attempt, a bearer token
/// from the token manager, one renewal and replay on 401, and platform errors turned into
/// <see cref="GenesysApiException"/> with a hint.
/// </summary>
internal sealed class GenesysHttp
{
    private readonly HttpClient _http;
    private readonly TokenManager _tokens;
    private readonly ParticipantDataClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _apiUrl;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RequestBudget? _budget;

    public GenesysHttp(HttpClient http, TokenManager tokens, ParticipantDataClientOptions options, TimeProvider time, ILogger logger, RequestBudget? budget)
    {
        _http = http;
        _tokens = tokens;
        _options = options;
        _time = time;
        _logger = logger;
        _apiUrl = options.ResolveApiUrl();
        _pipeline = ResiliencePipelines.Build(options, time);
        _budget = budget;
    }

    /// <summary>Requests sent to the API (every attempt and replay counts).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    /// <summary>A fresh budget of <paramref name="total"/> (default: the options' <c>TotalTimeout</c>) for one call.</summary>
    public CallBudget NewBudget(TimeSpan? total = null, RequestPriority priority = RequestPriority.Update) => new(_time, total ?? _options.TotalTimeout, priority);

    /// <summary>The OAuth client's request budget (null when <see cref="ParticipantDataClientOptions.RequestsPerMinute"/> is 0).</summary>
    public RequestBudget? RequestBudget => _budget;

    /// <summary>
    /// Sends the call and returns the successful response (caller disposes), or throws. A caller-made
    /// <paramref name="budget"/> bounds the call by its own deadline and tells afterwards what each attempt got.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? jsonBody, string operation, CancellationToken cancellationToken, CallBudget? budget = null)
    {
        budget ??= NewBudget();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePipelines.BudgetKey, budget);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async ctx =>
                {
                    var token = await _tokens.GetAsync(ctx.CancellationToken).ConfigureAwait(false);
                    await budget.AcquireAsync(_budget, ctx.CancellationToken).ConfigureAwait(false);
                    var answer = await budget.AttemptAsync(
                        () => SendOnceAsync(method, path, jsonBody, token, ctx.CancellationToken), ctx.CancellationToken, cancellationToken).ConfigureAwait(false);
                    if (answer.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        // An expired or revoked token: renew once and replay, as the SDK does not for client credentials.
                        answer.Dispose();
                        _tokens.Invalidate(token);
                        token = await _tokens.GetAsync(ctx.CancellationToken).ConfigureAwait(false);
                        _logger.LogInformation("{Operation}: access token rejected (401); renewed it and replaying once", operation);
                        await budget.AcquireAsync(_budget, ctx.CancellationToken).ConfigureAwait(false);
                        answer = await budget.AttemptAsync(
                            () => SendOnceAsync(method, path, jsonBody, token, ctx.CancellationToken), ctx.CancellationToken, cancellationToken).ConfigureAwait(false);
                    }

                    if (answer.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter.Read(answer.Headers, _time.GetUtcNow()) is { } wait)
                    {
                        // Another process spends the same client's budget: nobody here sends until the platform allows it.
                        _budget?.Pause(wait);
                    }

                    await answer.Content.LoadIntoBufferAsync(ctx.CancellationToken).ConfigureAwait(false);
                    return answer;
                },
                context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ParticipantDataTimeoutException(
                $"{operation} did not succeed within its {budget.Total.TotalSeconds:0.#} s budget ({budget.Describe()}).",
                $"Check that {_apiUrl.GetLeftPart(UriPartial.Authority)} is reachable; raise TotalTimeout if the platform is slow.",
                e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, byte[]? jsonBody, AccessToken token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(method, new Uri(_apiUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
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
