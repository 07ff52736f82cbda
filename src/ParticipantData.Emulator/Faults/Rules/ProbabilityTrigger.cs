namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Fires with a probability, drawn per request from the seed.</summary>
internal sealed record ProbabilityTrigger(double Probability) : FaultTrigger
{
    public override bool Fires(long number, double unit) => unit < Probability;
}
