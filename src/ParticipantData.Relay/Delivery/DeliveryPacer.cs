namespace ParticipantData.Relay.Delivery;

/// <summary>
/// Spreads deliveries evenly over the OAuth client's per-minute budget (a token bucket refilled at
/// budget/60 per second, holding at most a tenth of the minute's budget). Spending the whole minute's budget in
/// the first second on small batches would leave every write that arrives next waiting for the window to
/// roll over; paced, the writes that arrive meanwhile coalesce into the next delivery instead. With several
/// instances on one PostgreSQL store, each paces at its share (budget / live instances); the shared budget in
/// the database holds the requests of all of them to the limit.
/// </summary>
internal sealed class DeliveryPacer
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _perSecond;
    private double _capacity;
    private double _tokens;
    private long _last;

    public DeliveryPacer(int requestsPerMinute, TimeProvider time)
    {
        _time = time;
        _last = time.GetTimestamp();
        SetRate(requestsPerMinute);
        _tokens = _capacity;
    }

    /// <summary>Deliveries that may start now without waiting.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return (int)_tokens;
            }
        }
    }

    /// <summary>Paces at another rate from now on (this instance's share of the budget changed).</summary>
    public void SetRate(int requestsPerMinute)
    {
        lock (_gate)
        {
            Refill();
            _perSecond = Math.Max(1, requestsPerMinute) / 60.0;
            _capacity = Math.Max(1, requestsPerMinute / 10.0);
            _tokens = Math.Min(_tokens, _capacity);
        }
    }

    /// <summary>Takes one delivery's permit, or answers how long until one is there.</summary>
    public bool TryTake(out TimeSpan wait) => Take(out wait, take: true);

    /// <summary>Whether a permit is there now (taking none), or how long until one is.</summary>
    public bool CanTake(out TimeSpan wait) => Take(out wait, take: false);

    private bool Take(out TimeSpan wait, bool take)
    {
        lock (_gate)
        {
            Refill();
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

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
        _last = now;
    }
}
