namespace ParticipantData.Client.Attributes.Ensure;

/// <summary>The values Ensure keeps for one participant, each until its own moment, and what its watcher must do next.</summary>
internal sealed class EnsuredParticipant
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Value, DateTimeOffset Until)> _keys = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private bool _retired;
    private bool _checkWanted;
    private bool _idle;

    public CancellationTokenSource Stop { get; } = new();

    public Task? Watch { get; set; }

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the watcher listens to events (or gave up trying and polls).</summary>
    public Task Listening => _listening.Task;

    public void Listened() => _listening.TrySetResult();

    /// <summary>The watcher is waiting with nothing to do (no read pending).</summary>
    public bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _idle;
            }
        }

        set
        {
            lock (_gate)
            {
                _idle = value;
            }
        }
    }

    /// <summary>
    /// Idle with no read wanted, read as one: the watcher leaves idle and takes a wanted check in turn, so
    /// reading the two separately can see the old idle and the check already taken while its read is still to come.
    /// </summary>
    public bool IsQuiet
    {
        get
        {
            lock (_gate)
            {
                return _idle && !_checkWanted;
            }
        }
    }

    /// <summary>Whether overwrites are learnt from events (else by polling).</summary>
    public bool UsesEvents { get; set; }

    /// <summary>When events for the conversation started to arrive (null: not listening, so nothing is covered by events).</summary>
    public DateTimeOffset? ListeningSince { get; set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>A write that may end up ensured is on its way; false when the watcher has retired.</summary>
    public bool TryExpect()
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            _inFlight++;
            return true;
        }
    }

    /// <summary>The expected write settled: <paramref name="values"/> (null when it failed) are ensured until <paramref name="until"/>.</summary>
    public void Settle(IReadOnlyDictionary<string, string>? values, DateTimeOffset until, DateTimeOffset sentAt)
    {
        lock (_gate)
        {
            _inFlight--;
            if (values is not null)
            {
                foreach (var (key, value) in values)
                {
                    _keys[key] = (value, _keys.TryGetValue(key, out var held) && held.Until > until ? held.Until : until);
                }

                // Committed before events could show us an overwrite: one read makes up for it.
                _checkWanted |= UsesEvents && (ListeningSince is not { } since || since > sentAt);
            }
        }

        Wake();
    }

    /// <summary>A later write of an ensured key: keep the newer value instead.</summary>
    public void Supersede(IReadOnlyDictionary<string, string> values)
    {
        lock (_gate)
        {
            foreach (var (key, value) in values)
            {
                if (_keys.TryGetValue(key, out var held))
                {
                    _keys[key] = (value, held.Until);
                }
            }
        }
    }

    public Dictionary<string, string> Current(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var expired in _keys.Where(k => k.Value.Until <= now).Select(k => k.Key).ToList())
            {
                _keys.Remove(expired);
            }

            return _keys.ToDictionary(k => k.Key, k => k.Value.Value, StringComparer.Ordinal);
        }
    }

    public DateTimeOffset? NextExpiry()
    {
        lock (_gate)
        {
            return _keys.Count == 0 ? null : _keys.Values.Min(k => k.Until);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _keys.Clear();
        }

        Wake();
    }

    /// <summary>Events may have been missed (a reconnect gap): read once.</summary>
    public void WantCheck()
    {
        lock (_gate)
        {
            _checkWanted = true;
        }

        Wake();
    }

    public bool TakeCheck()
    {
        lock (_gate)
        {
            var wanted = _checkWanted && _keys.Count > 0;
            _checkWanted = false;
            return wanted;
        }
    }

    /// <summary>Completes on the next <see cref="Wake"/>.</summary>
    public Task Woken()
    {
        lock (_gate)
        {
            return _wake.Task;
        }
    }

    public bool TryRetire(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var expired in _keys.Where(k => k.Value.Until <= now).Select(k => k.Key).ToList())
            {
                _keys.Remove(expired);
            }

            if (_keys.Count > 0 || _inFlight > 0)
            {
                return false;
            }

            _retired = true;
            return true;
        }
    }

    private void Wake()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _wake;
            _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }
}
