namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Fires once per socket, <c>After</c> its connect on the emulator's clock (socket rules); never on a frame.</summary>
internal sealed record AfterConnectTrigger(TimeSpan After) : FaultTrigger
{
    public override bool Fires(long number, double unit) => false;
}
