using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>Starts a <see cref="CallLifecycle"/> per lifecycle call and stops them all when the host stops.</summary>
internal sealed class LifecycleEngine(ConversationStore store, EmulatorCounters counters, int seed) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallLifecycle> _running = new(StringComparer.Ordinal);
    private int _started;
    private bool _disposed;

    /// <summary>Lifecycles still running.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>
    /// Creates a call with a lifecycle and starts its timeline. Null when the request has no customer
    /// participant (the caller then creates the conversation without one).
    /// </summary>
    public ConversationSnapshot? Create(NewConversation request, LifecycleOptions options, TimeSpan writeServiceTime)
    {
        if (LifecycleCallBuilder.Build(request, store.TimeProvider.GetUtcNow()) is not { } cast)
        {
            return null;
        }

        var call = store.Add(cast.Call with { WriteServiceTime = writeServiceTime });
        // The n-th lifecycle of a host gets the same random stream for the same seed.
        var ordinal = Interlocked.Increment(ref _started);
        var random = new Random(unchecked((seed * 486_187_739) + ordinal));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running[call.Id] = CallLifecycle.Start(call, cast.Acd, cast.Agent, options, store, counters, random, Ended);
        }

        return call;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        StopAll();
    }

    /// <summary>Stops every running lifecycle (the reset of the admin API); new ones may start afterwards.</summary>
    public void StopAll()
    {
        List<CallLifecycle> running;
        lock (_gate)
        {
            running = [.. _running.Values];
            _running.Clear();
        }

        foreach (var lifecycle in running)
        {
            lifecycle.Dispose();
        }
    }

    private void Ended(CallLifecycle lifecycle)
    {
        lock (_gate)
        {
            _running.Remove(lifecycle.ConversationId);
        }
    }
}
