using System.Net;
using Polly;
using Polly.Retry;
using ParticipantData.Client.Http;

namespace ParticipantData.Client.Attributes;

/// <summary>
/// The writer's retry of a PATCH, as one Polly pipeline on the client's clock: a 409 is retried at once with short
/// jittered backoff and no GET first (the PATCH is a merge); a transient failure that outlasted the HTTP layer's own
/// retries is retried the same way; both only while the caller's deadline allows the next wait. Client errors are not retried.
/// </summary>
internal sealed class ConflictRetry
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("pdata.writer.deadline");
    private static readonly ResiliencePropertyKey<Action> ConflictKey = new("pdata.writer.conflict");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("pdata.writer.delay");

    private readonly AttributeWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;

    public ConflictRetry(AttributeWriterOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(DelayKey, TimeSpan.Zero)),
            })
            .Build();
    }

    /// <summary>Runs <paramref name="attempt"/> (given its number, from 0) until it succeeds, fails for good, or the deadline forbids another try.</summary>
    public async Task RunAsync(Func<int, Task> attempt, DateTimeOffset deadline, Action onConflict)
    {
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        context.Properties.Set(DeadlineKey, deadline);
        context.Properties.Set(ConflictKey, onConflict);
        var number = 0;
        try
        {
            await _pipeline.ExecuteAsync(async _ => await attempt(number++).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Exception? error, int attemptNumber, ResilienceContext context)
    {
        if (error is null)
        {
            return false;
        }

        var conflict = error is GenesysApiException { Status: HttpStatusCode.Conflict };
        if (conflict)
        {
            context.Properties.GetValue(ConflictKey, static () => { })();
        }
        else if (!IsTransient(error))
        {
            return false;
        }

        var wait = Delay(attemptNumber);
        var deadline = context.Properties.GetValue(DeadlineKey, DateTimeOffset.MinValue);
        // A transient failure waits up to the longest step; a conflict only its own step.
        var needed = conflict ? wait : _options.ConflictRetryMaxDelay;
        if (_time.GetUtcNow() + needed >= deadline)
        {
            return false;
        }

        context.Properties.Set(DelayKey, wait);
        return true;
    }

    private static bool IsTransient(Exception e) => e switch
    {
        GenesysApiException api => ResiliencePipelines.IsTransientStatus(api.Status) && api.Status != HttpStatusCode.TooManyRequests,
        GenesysAuthenticationException auth => auth.Status is null || (int)auth.Status >= 500,
        ParticipantDataTimeoutException => true,
        _ => false,
    };

    /// <summary>"Equal jitter": at least half the step, so writers that collided spread out but never spin.</summary>
    private TimeSpan Delay(int attempt)
    {
        var ceiling = Math.Min(_options.ConflictRetryMaxDelay.Ticks, _options.ConflictRetryBaseDelay.Ticks << Math.Min(attempt, 16));
        return TimeSpan.FromTicks((ceiling / 2) + (long)(Random.Shared.NextDouble() * (ceiling / 2)));
    }
}
