namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>The same delay every time.</summary>
internal sealed record FixedLatency(double Ms) : LatencyDistribution
{
    public override string Name => "fixed";

    protected override double SampleMilliseconds(double u1, double u2) => Ms;
}
