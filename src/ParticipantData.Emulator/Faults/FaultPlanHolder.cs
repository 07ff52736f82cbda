namespace ParticipantData.Emulator.Faults;

/// <summary>The fault plan in force, swapped whole (admin API, <see cref="EmulatorHost.FaultPlan"/>); counters restart with each plan.</summary>
internal sealed class FaultPlanHolder(int defaultSeed)
{
    private volatile ActiveFaultPlan? _current;

    public ActiveFaultPlan? Current => _current;

    public void Set(FaultPlan? plan) => _current = plan is null ? null : new ActiveFaultPlan(plan, plan.Seed ?? defaultSeed);
}
