using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ParticipantData.Client.Http;

/// <summary>
/// Keeps one OAuth client's requests under the platform's budget (300 per minute by default) instead of
/// discovering it through 429s: at most <c>limit</c> requests in any sliding window, so also in any
/// fixed window the platform may count in. Callers past the budget wait in arrival order.
/// </summary>
internal sealed class RequestRateLimiter
{
    private static readonly ConditionalWeakTable<TimeProvider, ConcurrentDictionary<string, RequestRateLimiter>> Shared = [];

    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _granted = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    public RequestRateLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = limit;
        _window = window;
        _time = time;
    }

    /// <summary>The limiter every client of the same OAuth client (same login origin and client id) shares in this process.</summary>
    public static RequestRateLimiter For(Uri loginUrl, string clientId, int limit, TimeProvider time) =>
        Shared.GetValue(time, _ => new ConcurrentDictionary<string, RequestRateLimiter>(StringComparer.Ordinal))
            .GetOrAdd($"{loginUrl.GetLeftPart(UriPartial.Authority)}|{clientId}|{limit}", _ => new RequestRateLimiter(limit, TimeSpan.FromMinutes(1), time));

    /// <summary>Waits until one more request fits in the window, then counts it.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = _time.GetTimestamp();
                while (_granted.Count > 0 && _time.GetElapsedTime(_granted.Peek(), now) >= _window)
                {
                    _granted.Dequeue();
                }

                if (_granted.Count < _limit)
                {
                    _granted.Enqueue(now);
                    return;
                }

                await Task.Delay(_window - _time.GetElapsedTime(_granted.Peek(), now), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
