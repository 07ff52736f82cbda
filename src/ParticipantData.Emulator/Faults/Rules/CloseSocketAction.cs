namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Sends <c>v2.system.socket_closing</c>, then closes (<c>1001</c>) after <c>Delay</c> (null = <c>NotificationOptions.SocketClosingDelay</c>); the channel stays.</summary>
internal sealed record CloseSocketAction(TimeSpan? Delay) : SocketAction
{
    public override string Type => "closeSocket";
}
