namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Delays the request, then lets it go on (other rules may still answer it).</summary>
internal sealed record LatencyAction(LatencyDistribution Distribution) : FaultAction
{
    public override string Type => "latency";

    public override bool Terminates => false;
}
