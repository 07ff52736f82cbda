namespace ParticipantData.Emulator.RateLimiting;

/// <summary>
/// Counts requests per key (OAuth client) in fixed windows that open at a key's first request, timed by the
/// injected clock. A full window answers how many whole seconds remain until it closes.
/// </summary>
internal sealed class FixedWindowRateLimiter(TimeProvider timeProvider, int limit, TimeSpan window)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);

    public int Limit => limit;

    public TimeSpan Window => window;

    /// <summary>Closes every window (the reset of the admin API).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _windows.Clear();
        }
    }

    /// <summary>Takes one request from the key's window; false (and the wait) when the window is full. Limit 0 = unlimited.</summary>
    public bool TryAcquire(string key, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (limit <= 0)
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue(key, out var current) || now >= current.Start + window)
            {
                _windows[key] = (now, 1);
                return true;
            }

            if (current.Count < limit)
            {
                _windows[key] = (current.Start, current.Count + 1);
                return true;
            }

            var remaining = current.Start + window - now;
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
            return false;
        }
    }
}
