namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>A long-tailed delay: <c>MedianMs</c> times <c>e</c> to a normal draw of spread <c>Sigma</c>.</summary>
internal sealed record LogNormalLatency(double MedianMs, double Sigma) : LatencyDistribution
{
    public override string Name => "lognormal";

    protected override double SampleMilliseconds(double u1, double u2) => MedianMs * Math.Exp(Sigma * StandardNormal(u1, u2));
}
