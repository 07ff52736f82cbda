namespace ParticipantData.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>.
/// Timers (and so <c>Task.Delay(…, timeProvider)</c>, Polly delays, timed cancellations) fire during
/// <see cref="Advance"/>, in due order, with the clock set to their due time.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(Func<IReadOnlyList<TimeSpan>, bool> Condition, TaskCompletionSource Signal)> _timerWaiters = [];
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers armed and not yet fired (periodic timers count while armed).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>The earliest moment a pending timer is due, or null.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                return _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt).Min();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt!.Value;
                due.DueAt = due.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }

            due.Fire();
        }
    }

    /// <summary>Sets the clock to a later moment, firing timers on the way.</summary>
    public void AdvanceTo(DateTimeOffset moment) => Advance(moment - GetUtcNow());

    /// <summary>
    /// Completes when at least <paramref name="count"/> timers are pending: the way a test learns that
    /// the code under test has reached its wait, without sleeping.
    /// </summary>
    public Task WaitForPendingTimersAsync(int count, TimeSpan? timeout = null) =>
        WaitForTimersAsync(dueIn => dueIn.Count >= count, timeout);

    /// <summary>Completes when a pending timer is due within <paramref name="within"/> from now (e.g. a retry delay among long budget timers).</summary>
    public Task WaitForTimerDueWithinAsync(TimeSpan within, TimeSpan? timeout = null) =>
        WaitForTimersAsync(dueIn => dueIn.Any(d => d <= within), timeout);

    /// <summary>Completes when <paramref name="condition"/> holds for the pending timers' due-in times.</summary>
    public Task WaitForTimersAsync(Func<IReadOnlyList<TimeSpan>, bool> condition, TimeSpan? timeout = null)
    {
        Task signal;
        lock (_gate)
        {
            if (condition(DueInLocked()))
            {
                return Task.CompletedTask;
            }

            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((condition, tcs));
            signal = tcs.Task;
        }

        return signal.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Lets <paramref name="task"/> run to completion on this clock: whenever it waits on a timer due within
    /// <paramref name="step"/>, the clock moves by <paramref name="step"/>.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan step)
    {
        while (!task.IsCompleted)
        {
            var waiting = WaitForTimerDueWithinAsync(step, TimeSpan.FromSeconds(30));
            await Task.WhenAny(task, waiting).ConfigureAwait(false);
            if (!task.IsCompleted)
            {
                await waiting.ConfigureAwait(false); // surfaces a stuck task as a timeout instead of spinning
                Advance(step);
            }
        }

        return await task.ConfigureAwait(false);
    }

    private List<TimeSpan> DueInLocked() => _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt!.Value - _now).ToList();

    private void Armed()
    {
        List<TaskCompletionSource> ready = [];
        lock (_gate)
        {
            var dueIn = DueInLocked();
            for (var i = _timerWaiters.Count - 1; i >= 0; i--)
            {
                if (_timerWaiters[i].Condition(dueIn))
                {
                    ready.Add(_timerWaiters[i].Signal);
                    _timerWaiters.RemoveAt(i);
                }
            }
        }

        foreach (var tcs in ready)
        {
            tcs.TrySetResult();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this))
                {
                    owner._timers.Add(this);
                }

                Period = period == Timeout.InfiniteTimeSpan ? null : period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = null;
                }
                else if (dueTime == TimeSpan.Zero)
                {
                    fireNow = true;
                    DueAt = Period is { } p && p > TimeSpan.Zero ? owner._now + p : null;
                }
                else
                {
                    DueAt = owner._now + dueTime;
                }
            }

            if (fireNow)
            {
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }
            else
            {
                owner.Armed();
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
