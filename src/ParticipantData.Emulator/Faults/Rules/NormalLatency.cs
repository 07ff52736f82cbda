namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>A delay drawn from a normal distribution (clipped at 0).</summary>
internal sealed record NormalLatency(double MeanMs, double StdDevMs) : LatencyDistribution
{
    public override string Name => "normal";

    protected override double SampleMilliseconds(double u1, double u2) => MeanMs + (StdDevMs * StandardNormal(u1, u2));
}
