namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Fires on requests N, 2N, 3N... and the <c>Burst</c> − 1 requests after each.</summary>
internal sealed record EveryTrigger(long Every, long Burst) : FaultTrigger
{
    public override bool Fires(long number, double unit) => number >= Every && number % Every < Burst;
}
