namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Fires on the listed request numbers.</summary>
internal sealed record RequestsTrigger(IReadOnlyList<long> Numbers) : FaultTrigger
{
    private readonly HashSet<long> _set = [.. Numbers];

    public override bool Fires(long number, double unit) => _set.Contains(number);
}
