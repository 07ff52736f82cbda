using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ParticipantData.Client.Http;

/// <summary>
/// The Polly pipeline every platform request runs in, outer to inner: total time budget → retry → attempt
/// timeout. Retried: 429 (honouring Retry-After up to a cap and never past the budget), 408, 500, 502,
/// 503, 504, connection failures and attempt timeouts. Not retried: 409 (a domain decision for the
/// writer), 401 (renewed once by the caller), other 4xx.
/// </summary>
internal static class ResiliencePipelines
{
    /// <summary>The longest exponential backoff step between retries (a Retry-After may ask for more, up to <see cref="ParticipantDataClientOptions.MaxRetryAfter"/>).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    public static readonly ResiliencePropertyKey<RequestDeadline> DeadlineKey = new("pdata.deadline");

    /// <summary>Decides whether a response is worth another attempt; the default handles the API's statuses.</summary>
    public delegate ValueTask<bool> ResponseClassifier(HttpResponseMessage response);

    public static ResiliencePipeline<HttpResponseMessage> Build(ParticipantDataClientOptions options, TimeProvider time, ResponseClassifier? isTransient = null)
    {
        isTransient ??= static r => ValueTask.FromResult(IsTransientStatus(r.StatusCode));
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        // The total timeout is the request's deadline (a writer's, or the options' TotalTimeout).
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(DeadlineKey, out var deadline) ? deadline.Total : options.TotalTimeout),
        });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.RetryBaseDelay,
                MaxDelay = MaxRetryDelay,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, options, time, isTransient),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RetryAfter.Read(response.Headers, time.GetUtcNow()) : null),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }

    public static bool IsTransientStatus(HttpStatusCode status) => status is
        HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome,
        ResilienceContext context,
        ParticipantDataClientOptions options,
        TimeProvider time,
        ResponseClassifier isTransient)
    {
        context.Properties.TryGetValue(DeadlineKey, out var deadline);
        if (outcome.Exception is not null)
        {
            return !context.CancellationToken.IsCancellationRequested &&
                outcome.Exception is HttpRequestException or TimeoutRejectedException or TaskCanceledException or IOException;
        }

        var response = outcome.Result!;
        if (!await isTransient(response).ConfigureAwait(false))
        {
            return false;
        }

        if (RetryAfter.Read(response.Headers, time.GetUtcNow()) is { } wait)
        {
            // A wait longer than the cap or than what is left of the budget cannot end well: answer now.
            if (wait > options.MaxRetryAfter || (deadline is not null && wait >= deadline.Remaining))
            {
                return false;
            }
        }

        return true;
    }
}
