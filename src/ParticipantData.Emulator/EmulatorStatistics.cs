namespace ParticipantData.Emulator;

/// <summary>
/// Counts since the host started, cheap to read at any time (the journal keeps only the last requests).
/// Subtract two snapshots for the counts of a stretch of time.
/// </summary>
public sealed record EmulatorStatistics
{
    /// <summary>API, login and unknown-path requests received (admin requests are not counted).</summary>
    public long Requests { get; init; }

    /// <summary>Responses sent, by HTTP status. Connection resets and requests the caller abandoned have none.</summary>
    public IReadOnlyDictionary<int, long> ResponsesByStatus { get; init; } = new Dictionary<int, long>();

    /// <summary>Attribute PATCHes answered <c>409</c> because another write committed during their service time.</summary>
    public long VersionConflicts { get; init; }

    /// <summary>Attribute PATCHes committed (<c>202</c>).</summary>
    public long AttributeWrites { get; init; }

    /// <summary>Fault-plan actions applied (status answers, resets, revocations, latencies).</summary>
    public long InjectedFaults { get; init; }

    /// <summary>Connections the fault plan reset.</summary>
    public long ConnectionResets { get; init; }

    /// <summary>Commits made by lifecycles: state changes, holds, DTMF, flow writes and write-backs.</summary>
    public long LifecycleEvents { get; init; }

    /// <summary>Set Participant Data writes of simulated flows.</summary>
    public long FlowWrites { get; init; }

    /// <summary>Write-backs of IVR flows at their end.</summary>
    public long FlowWriteBacks { get; init; }

    /// <summary>Attribute values that write-backs changed, i.e. values written meanwhile that a flow overwrote.</summary>
    public long WriteBackOverwrites { get; init; }

    /// <summary>
    /// Exceptions the emulator did not expect: each answered <c>500 internal.server.error</c> (one the fault plan
    /// did not inject), or raised by a subscriber after a change was committed. Zero in a healthy run.
    /// </summary>
    public long InternalErrors { get; init; }

    /// <summary>How many responses had <paramref name="status"/>.</summary>
    public long Count(int status) => ResponsesByStatus.TryGetValue(status, out var count) ? count : 0;
}
