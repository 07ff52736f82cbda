namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>No heartbeats on the channel for <c>Duration</c> (null = until started again); pings are still answered.</summary>
internal sealed record StopHeartbeatsAction(TimeSpan? Duration) : SocketAction
{
    public override string Type => "stopHeartbeats";
}
