namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Expires the channel now, as its lifetime ending does: <c>socket_closing</c>, a close, and the channel is gone.</summary>
internal sealed record ExpireChannelAction : SocketAction
{
    public override string Type => "expireChannel";

    public override bool EndsSocket => true;
}
