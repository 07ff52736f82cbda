namespace ParticipantData.Emulator.Faults;

/// <summary>The fault plan in force, swapped whole (admin API, <see cref="EmulatorHost.FaultPlan"/>); counters restart with each plan.</summary>
internal sealed class FaultPlanHolder(int defaultSeed)
{
    private volatile ActiveFaultPlan? _current;

    /// <summary>Raised after a plan is installed or removed (<see cref="Notifications.ChannelFaults"/> arms the timed socket rules on open sockets).</summary>
    public event Action<ActiveFaultPlan?>? Changed;

    public ActiveFaultPlan? Current => _current;

    public void Set(FaultPlan? plan)
    {
        var active = plan is null ? null : new ActiveFaultPlan(plan, plan.Seed ?? defaultSeed);
        _current = active;
        Changed?.Invoke(active);
    }
}
