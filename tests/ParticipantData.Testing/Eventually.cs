using System.Diagnostics;

namespace ParticipantData.Testing;

/// <summary>
/// Waits for background work (a socket, a lifecycle timer, another process) to make a condition true: checks it
/// every few milliseconds and returns as soon as it holds; fails with <see cref="TimeoutException"/> naming
/// what did not happen once the deadline passes, so a broken implementation cannot hang the run. A test never
/// sleeps for a fixed time hoping the work is done.
/// </summary>
public static class Eventually
{
    /// <summary>The deadline when a test gives none: generous, because the machine may be busy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), () => what, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds, describing the state at the moment of failure.</summary>
    public static Task HoldsAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(condition, () => what, timeout);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds. <paramref name="giveUp"/>, when given, is asked on every
    /// poll: a reason ends the wait at once with that reason (e.g. the process under test exited).
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null, Func<string?>? giveUp = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (giveUp?.Invoke() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Still not true after {limit.TotalSeconds:0.#} s: {what()}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }
}
