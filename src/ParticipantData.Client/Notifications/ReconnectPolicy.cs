using System.Net.WebSockets;
using Polly;
using Polly.Retry;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// The reconnect backoff as a Polly retry on the client's clock: attempts go on until one succeeds or the client is
/// disposed; delays start at <see cref="NotificationsClientOptions.InitialReconnectDelay"/>, double per failure up to
/// <see cref="NotificationsClientOptions.MaxReconnectDelay"/>, and with jitter are each between half and all of that.
/// </summary>
internal static class ReconnectPolicy
{
    /// <summary>The failures an attempt may end with that are worth another one (anything else is a bug, and ends the loop).</summary>
    public static bool IsRetryable(Exception e) =>
        e is ParticipantDataException or HttpRequestException or WebSocketException or OperationCanceledException;

    /// <summary>
    /// The pipeline for one outage. <paramref name="delayedAlready"/>: the first attempt came after a backoff
    /// delay (the socket dropped) rather than at once (the server asked), so the first retry waits the second step.
    /// </summary>
    public static ResiliencePipeline Build(NotificationsClientOptions settings, TimeProvider time, bool delayedAlready, Action<Exception> onRetry)
    {
        var offset = delayedAlready ? 1 : 0;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested && args.Outcome.Exception is { } e && IsRetryable(e)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(settings, args.AttemptNumber + offset)),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The wait before attempt <paramref name="failures"/> + 1 of an outage.</summary>
    public static TimeSpan Delay(NotificationsClientOptions settings, int failures)
    {
        var nominal = TimeSpan.FromTicks((long)Math.Min(
            settings.MaxReconnectDelay.Ticks, settings.InitialReconnectDelay.Ticks * Math.Pow(2, Math.Min(failures, 30))));
        return settings.UseJitter
            ? TimeSpan.FromTicks((nominal.Ticks / 2) + (long)(Random.Shared.NextDouble() * (nominal.Ticks / 2)))
            : nominal;
    }
}
