using System.Collections.Concurrent;

namespace ParticipantData.Relay.Store;

/// <summary>
/// A thread of its own that takes queued items in batches and hands each batch to a handler. SQLite blocks the
/// calling thread for every read and for every commit's fsync; on the thread pool, that held back the accepts
/// that needed one of its threads meanwhile (two, on a 2-core machine), which is what set the relay's accept p99.
/// Items come in two lanes: a batch takes every urgent item queued (up to a limit) and background items only up
/// to a weight, so an accept waits behind a small slice of a delivery's bookkeeping, never all of it.
/// </summary>
internal sealed class StoreThread<T>
    where T : class
{
    private readonly ConcurrentQueue<T> _urgent = new();
    private readonly ConcurrentQueue<T> _background = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxBatch;
    private readonly int _maxBackgroundWeight;
    private readonly Func<T, int> _weight;
    private readonly Action<List<T>> _handle;
    private bool _stopping;

    /// <param name="name">The thread's name (seen in debuggers and profilers).</param>
    /// <param name="maxBatch">The most urgent items in one batch.</param>
    /// <param name="maxBackgroundWeight">Background items join a batch until their weights add up to this (at least one joins).</param>
    /// <param name="weight">A background item's weight (rows written, say).</param>
    /// <param name="handle">Runs a batch; it must not throw.</param>
    public StoreThread(string name, int maxBatch, int maxBackgroundWeight, Func<T, int> weight, Action<List<T>> handle)
    {
        _maxBatch = maxBatch;
        _maxBackgroundWeight = maxBackgroundWeight;
        _weight = weight;
        _handle = handle;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Queues an item; false once the thread is stopping.</summary>
    public bool TryAdd(T item, bool background = false)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            (background ? _background : _urgent).Enqueue(item);
        }

        _signal.Release();
        return true;
    }

    /// <summary>Runs everything queued, then ends the thread.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        _signal.Release();
        return _stopped.Task;
    }

    private void Run()
    {
        try
        {
            var batch = new List<T>(_maxBatch);
            while (true)
            {
                if (_urgent.IsEmpty && _background.IsEmpty)
                {
                    if (Volatile.Read(ref _stopping))
                    {
                        lock (_gate)
                        {
                            if (_urgent.IsEmpty && _background.IsEmpty)
                            {
                                return;
                            }
                        }
                    }

                    // Counts can run ahead of the items (a batch takes several per wake-up): an extra wake-up finds nothing and waits again.
                    _signal.Wait();
                    continue;
                }

                while (batch.Count < _maxBatch && _urgent.TryDequeue(out var urgent))
                {
                    batch.Add(urgent);
                }

                var weight = 0;
                while (weight < _maxBackgroundWeight && _background.TryDequeue(out var background))
                {
                    batch.Add(background);
                    weight += _weight(background);
                }

                _handle(batch);
                batch.Clear();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }
}
