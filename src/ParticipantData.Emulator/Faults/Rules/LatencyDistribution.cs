namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Added latency: fixed, uniform, normal (clipped at 0) or log-normal, in milliseconds.</summary>
internal abstract record LatencyDistribution
{
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    public abstract string Name { get; }

    /// <summary>A sample from two independent uniform draws in [0, 1).</summary>
    public TimeSpan Sample(double u1, double u2) =>
        TimeSpan.FromMilliseconds(Math.Clamp(SampleMilliseconds(u1, u2), 0, Max.TotalMilliseconds));

    protected abstract double SampleMilliseconds(double u1, double u2);

    protected static double StandardNormal(double u1, double u2) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
}
