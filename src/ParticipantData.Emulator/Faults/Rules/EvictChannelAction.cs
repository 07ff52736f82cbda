namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Removes the channel as an eviction does: <c>v2.system.no_longer_subscribed.{channelId}</c>, a close, and the channel is gone.</summary>
internal sealed record EvictChannelAction : SocketAction
{
    public override string Type => "evictChannel";

    public override bool EndsSocket => true;
}
