namespace ParticipantData.Emulator.Statistics;

/// <summary>Lock-free counters behind <see cref="EmulatorStatistics"/>.</summary>
internal sealed class EmulatorCounters
{
    private readonly long[] _byStatus = new long[600];
    private long _requests;
    private long _conflicts;
    private long _writes;
    private long _faults;
    private long _resets;
    private long _lifecycleEvents;
    private long _flowWrites;
    private long _writeBacks;
    private long _overwrites;
    private long _internalErrors;

    public void Request() => Interlocked.Increment(ref _requests);

    public void Response(int status)
    {
        if (status is >= 100 and < 600)
        {
            Interlocked.Increment(ref _byStatus[status]);
        }
    }

    public void VersionConflict() => Interlocked.Increment(ref _conflicts);

    public void AttributeWrite() => Interlocked.Increment(ref _writes);

    public void FaultInjected(int count) => Interlocked.Add(ref _faults, count);

    public void ConnectionReset() => Interlocked.Increment(ref _resets);

    /// <summary>An exception the emulator did not expect: answered 500, or swallowed after a committed change.</summary>
    public void InternalError() => Interlocked.Increment(ref _internalErrors);

    public void LifecycleEvent() => Interlocked.Increment(ref _lifecycleEvents);

    public void FlowWrite() => Interlocked.Increment(ref _flowWrites);

    public void WriteBack(int overwritten)
    {
        Interlocked.Increment(ref _writeBacks);
        Interlocked.Add(ref _overwrites, overwritten);
    }

    public EmulatorStatistics Snapshot()
    {
        var byStatus = new SortedDictionary<int, long>();
        for (var status = 100; status < _byStatus.Length; status++)
        {
            var count = Interlocked.Read(ref _byStatus[status]);
            if (count > 0)
            {
                byStatus[status] = count;
            }
        }

        return new EmulatorStatistics
        {
            Requests = Interlocked.Read(ref _requests),
            ResponsesByStatus = byStatus,
            VersionConflicts = Interlocked.Read(ref _conflicts),
            AttributeWrites = Interlocked.Read(ref _writes),
            InjectedFaults = Interlocked.Read(ref _faults),
            ConnectionResets = Interlocked.Read(ref _resets),
            LifecycleEvents = Interlocked.Read(ref _lifecycleEvents),
            FlowWrites = Interlocked.Read(ref _flowWrites),
            FlowWriteBacks = Interlocked.Read(ref _writeBacks),
            WriteBackOverwrites = Interlocked.Read(ref _overwrites),
            InternalErrors = Interlocked.Read(ref _internalErrors),
        };
    }
}
