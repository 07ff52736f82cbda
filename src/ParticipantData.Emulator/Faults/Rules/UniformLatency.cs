namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>A delay drawn evenly between <c>MinMs</c> and <c>MaxMs</c>.</summary>
internal sealed record UniformLatency(double MinMs, double MaxMs) : LatencyDistribution
{
    public override string Name => "uniform";

    protected override double SampleMilliseconds(double u1, double u2) => MinMs + (u1 * (MaxMs - MinMs));
}
