using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ParticipantData.Client.Budget;

/// <summary>
/// One OAuth client's request budget (the platform's 300 per minute), shared by everything in the process that
/// uses that client: writers, plain client calls, Ensure's reads, notification channel calls and token requests.
/// <list type="bullet">
/// <item>never more than <c>limit</c> grants in any sliding window, so also in any fixed window the platform counts in;</item>
/// <item>paced: slots come back at <c>limit / window</c> with a small burst, so a minute's budget is not spent in its
/// first second and then missed for the rest of it;</item>
/// <item>priorities (<see cref="RequestPriority"/>), first come first served within one, so lanes that each hold one
/// ticket are served in turn;</item>
/// <item>a 429's Retry-After (another process on the same client) pauses every grant, not one request.</item>
/// </list>
/// Granting is event-driven: on a request, a release or one timer armed for the next moment a slot frees up.
/// </summary>
internal sealed class RequestBudget : IDisposable
{
    private static readonly ConditionalWeakTable<TimeProvider, ConcurrentDictionary<string, RequestBudget>> Shared = [];

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Queue<TimeSpan> _granted = new();
    private readonly LinkedList<BudgetTicket>[] _waiting;
    private readonly ITimer _timer;
    private readonly double _perTick;
    private double _tokens;
    private TimeSpan _refilledAt;
    private TimeSpan _pausedUntil;
    private TimeSpan? _armedFor;
    private long _grants;
    private long _pauses;

    public RequestBudget(int limit, TimeSpan window, TimeProvider time, int? burst = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        Window = window;
        Burst = Math.Clamp(burst ?? limit / 10, 1, limit);
        _time = time;
        _origin = time.GetTimestamp();
        _perTick = (double)limit / window.Ticks;
        _tokens = Burst;
        _waiting = [.. Enum.GetValues<RequestPriority>().Select(_ => new LinkedList<BudgetTicket>())];
        _timer = time.CreateTimer(static state => ((RequestBudget)state!).Dispatch(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Slots that may be spent at once after a quiet spell.</summary>
    public int Burst { get; }

    /// <summary>Slots granted so far.</summary>
    public long Grants => Interlocked.Read(ref _grants);

    /// <summary>Times a Retry-After paused the budget.</summary>
    public long Pauses => Interlocked.Read(ref _pauses);

    /// <summary>Requests waiting for a slot.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Sum(q => q.Count);
            }
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>The budget every client of the same OAuth client (login origin and client id) shares in this process, per clock.</summary>
    public static RequestBudget For(Uri loginUrl, string clientId, int limit, TimeProvider time) =>
        Shared.GetValue(time, _ => new ConcurrentDictionary<string, RequestBudget>(StringComparer.Ordinal))
            .GetOrAdd(
                string.Create(CultureInfo.InvariantCulture, $"{loginUrl.GetLeftPart(UriPartial.Authority)}|{clientId}|{limit}"),
                _ => new RequestBudget(limit, TimeSpan.FromMinutes(1), time));

    /// <summary>Takes a place in the queue; granted at once when a slot is free and nobody more urgent waits.</summary>
    public BudgetTicket Enqueue(RequestPriority priority)
    {
        var ticket = new BudgetTicket(this, priority, Now);
        lock (_gate)
        {
            ticket.Node = _waiting[(int)priority].AddLast(ticket);
            DispatchLocked();
        }

        return ticket;
    }

    /// <summary>Waits for one slot; returns how long it waited.</summary>
    public async ValueTask<TimeSpan> AcquireAsync(RequestPriority priority, CancellationToken cancellationToken)
    {
        var ticket = Enqueue(priority);
        if (!ticket.IsGranted)
        {
            try
            {
                await ticket.Granted.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ticket.Cancel();
                throw;
            }
        }

        return ticket.Waited;
    }

    /// <summary>A 429 with Retry-After: nobody in the process sends for this client until it has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            var until = Now + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
                Interlocked.Increment(ref _pauses);
            }

            ArmLocked(Now);
        }
    }

    /// <summary>How long a request of <paramref name="priority"/> queued now would wait, roughly.</summary>
    public TimeSpan EstimateWait(RequestPriority priority)
    {
        lock (_gate)
        {
            var ahead = 0;
            for (var p = 0; p <= (int)priority; p++)
            {
                ahead += _waiting[p].Count;
            }

            return EstimateLocked(ahead);
        }
    }

    internal TimeSpan EstimateWait(BudgetTicket ticket)
    {
        lock (_gate)
        {
            if (ticket.Node?.List is null)
            {
                return TimeSpan.Zero;
            }

            var ahead = 0;
            for (var p = 0; p < (int)ticket.Priority; p++)
            {
                ahead += _waiting[p].Count;
            }

            for (var node = ticket.Node.Previous; node is not null; node = node.Previous)
            {
                ahead++;
            }

            return EstimateLocked(ahead);
        }
    }

    internal TimeSpan WaitedSince(BudgetTicket ticket, long since)
    {
        var sinceOffset = _time.GetElapsedTime(_origin, since);
        var from = sinceOffset > ticket.QueuedAt ? sinceOffset : ticket.QueuedAt;
        return ticket.IsGranted && ticket.GrantedAt > from ? ticket.GrantedAt - from : TimeSpan.Zero;
    }

    internal void Raise(BudgetTicket ticket, RequestPriority priority)
    {
        lock (_gate)
        {
            if (priority >= ticket.Priority || ticket.Node?.List is null)
            {
                return;
            }

            ticket.Node.List.Remove(ticket.Node);
            ticket.Priority = priority;
            ticket.Node = _waiting[(int)priority].AddLast(ticket);
            DispatchLocked();
        }
    }

    internal void Cancel(BudgetTicket ticket)
    {
        lock (_gate)
        {
            if (ticket.Node?.List is { } list)
            {
                list.Remove(ticket.Node);
                ticket.Abandon();
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Dispatch()
    {
        lock (_gate)
        {
            _armedFor = null;
            DispatchLocked();
        }
    }

    private void DispatchLocked()
    {
        var now = Now;
        Refill(now);
        while (Next() is { } next)
        {
            if (now < _pausedUntil || _tokens < 1 - 1e-9 || WindowFull(now))
            {
                ArmLocked(now);
                return;
            }

            _tokens = Math.Max(0, _tokens - 1);
            _granted.Enqueue(now);
            next.List!.Remove(next);
            Interlocked.Increment(ref _grants);
            next.Value.Grant(now);
        }
    }

    private LinkedListNode<BudgetTicket>? Next()
    {
        foreach (var queue in _waiting)
        {
            if (queue.First is { } first)
            {
                return first;
            }
        }

        return null;
    }

    private void Refill(TimeSpan now)
    {
        _tokens = Math.Min(Burst, _tokens + ((now - _refilledAt).Ticks * _perTick));
        _refilledAt = now;
    }

    private bool WindowFull(TimeSpan now)
    {
        while (_granted.Count > 0 && now - _granted.Peek() >= Window)
        {
            _granted.Dequeue();
        }

        return _granted.Count >= Limit;
    }

    /// <summary>Arms the timer for the moment the first waiter can be served.</summary>
    private void ArmLocked(TimeSpan now)
    {
        if (Next() is null)
        {
            return;
        }

        var at = NextSlotLocked(now, 0);
        if (_armedFor is { } armed && armed <= at && armed > now)
        {
            return;
        }

        _armedFor = at;
        _timer.Change(at > now ? at - now : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>When the slot for the request with <paramref name="ahead"/> requests before it comes, at the earliest.</summary>
    private TimeSpan NextSlotLocked(TimeSpan now, int ahead)
    {
        Refill(now);
        WindowFull(now);
        var needed = ahead + 1 - _tokens;
        var byPace = needed > 0 ? now + TimeSpan.FromTicks((long)Math.Ceiling(needed / _perTick)) : now;
        var overWindow = _granted.Count + ahead + 1 - Limit;
        var byWindow = overWindow <= 0
            ? now
            : overWindow <= _granted.Count
                ? _granted.ElementAt(overWindow - 1) + Window
                : now + (Window * Math.Ceiling((double)overWindow / Limit));
        var at = byPace > byWindow ? byPace : byWindow;
        return at > _pausedUntil ? at : _pausedUntil;
    }

    private TimeSpan EstimateLocked(int ahead)
    {
        var now = Now;
        return NextSlotLocked(now, ahead) - now;
    }
}
