namespace ParticipantData.Relay.Delivery;

/// <summary>
/// Spreads deliveries evenly over the OAuth client's per-minute budget (a token bucket refilled at
/// budget/60 per second, holding at most a tenth of the minute's budget). Spending the whole minute's budget in
/// the first second on small batches would leave every write that arrives next waiting for the window to
/// roll over; paced, the writes that arrive meanwhile coalesce into the next delivery instead.
/// </summary>
internal sealed class DeliveryPacer
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _capacity;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    public DeliveryPacer(int requestsPerMinute, TimeProvider time)
    {
        _time = time;
        _perSecond = Math.Max(1, requestsPerMinute) / 60.0;
        _capacity = Math.Max(1, requestsPerMinute / 10.0);
        _tokens = _capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes one delivery's permit, or answers how long until one is there.</summary>
    public bool TryTake(out TimeSpan wait) => Take(out wait, take: true);

    /// <summary>Whether a permit is there now (taking none), or how long until one is.</summary>
    public bool CanTake(out TimeSpan wait) => Take(out wait, take: false);

    private bool Take(out TimeSpan wait, bool take)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= take ? 1 : 0;
                wait = TimeSpan.Zero;
                return true;
            }

            wait = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            return false;
        }
    }
}
