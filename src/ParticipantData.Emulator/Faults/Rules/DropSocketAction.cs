namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Aborts the socket without a close frame (a network failure); the channel stays.</summary>
internal sealed record DropSocketAction : SocketAction
{
    public override string Type => "dropSocket";

    public override bool EndsSocket => true;
}
