namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Fires on the listed frame numbers of a channel (socket rules; 1 = the first frame the rule counted on the channel).</summary>
internal sealed record FramesTrigger(IReadOnlyList<long> Numbers) : FaultTrigger
{
    private readonly HashSet<long> _set = [.. Numbers];

    public override bool Fires(long number, double unit) => _set.Contains(number);
}
