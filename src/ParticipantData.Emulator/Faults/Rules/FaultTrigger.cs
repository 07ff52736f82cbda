namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>When a rule fires, given the 1-based number of the request among those its route matched.</summary>
internal abstract record FaultTrigger
{
    /// <param name="number">1-based number of the request among the rule's matches.</param>
    /// <param name="unit">A deterministic uniform draw in [0, 1) for (seed, rule, number).</param>
    public abstract bool Fires(long number, double unit);
}
