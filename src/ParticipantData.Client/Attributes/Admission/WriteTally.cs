using ParticipantData.Client.Http;

namespace ParticipantData.Client.Attributes.Admission;

/// <summary>What one batch has absorbed so far: attempts, conflicts, throttles and time queued for budget.</summary>
internal sealed class WriteTally
{
    private int _attempts;
    private int _throttles;
    private int _conflicts;
    private long _queuedTicks;

    public int Attempts => Volatile.Read(ref _attempts);

    public int Throttles => Volatile.Read(ref _throttles);

    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>Budget waits of retries (shared by every waiter of the batch).</summary>
    public TimeSpan Queued => TimeSpan.FromTicks(Interlocked.Read(ref _queuedTicks));

    public void Conflict() => Interlocked.Increment(ref _conflicts);

    public void AddQueued(TimeSpan waited) => Interlocked.Add(ref _queuedTicks, waited.Ticks);

    public void Add(RequestDeadline request)
    {
        Interlocked.Add(ref _attempts, request.Attempts);
        Interlocked.Add(ref _throttles, request.Count("429"));
        Interlocked.Add(ref _queuedTicks, request.Queued.Ticks);
    }
}
