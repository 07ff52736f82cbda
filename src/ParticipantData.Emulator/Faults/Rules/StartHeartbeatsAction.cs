namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Heartbeats again (the admin API's <c>start-heartbeats</c>; not a fault plan action).</summary>
internal sealed record StartHeartbeatsAction : SocketAction
{
    public override string Type => "startHeartbeats";
}
