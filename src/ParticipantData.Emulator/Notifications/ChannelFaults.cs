using System.Collections.Frozen;
using ParticipantData.Emulator.Faults;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// The one implementation of the faults on a channel's socket, for the admin API
/// (<c>POST /emulator/v1/notifications/channels/{id}/drop|socket-closing|stop-heartbeats|start-heartbeats|expire|evict</c>)
/// and the fault plan's socket rules (<c>dropSocket</c>, <c>closeSocket</c>, <c>stopHeartbeats</c>,
/// <c>expireChannel</c>, <c>evictChannel</c>) alike.
/// </summary>
internal static class ChannelFaults
{
    /// <summary>The admin API's fault names and the action each applies.</summary>
    public static FrozenDictionary<string, SocketAction> AdminFaults { get; } = new Dictionary<string, SocketAction>(StringComparer.Ordinal)
    {
        ["drop"] = new DropSocketAction(),
        ["stop-heartbeats"] = new StopHeartbeatsAction(null),
        ["start-heartbeats"] = new StartHeartbeatsAction(),
        ["socket-closing"] = new CloseSocketAction(null),
        ["expire"] = new ExpireChannelAction(),
        ["evict"] = new EvictChannelAction(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Applies <paramref name="fault"/> to <paramref name="channel"/>. False when it needs a connected socket and
    /// there is none (<c>drop</c>, <c>socket-closing</c>; also when a close is already announced), or the channel is gone.
    /// </summary>
    public static bool Apply(NotificationHub hub, NotificationChannel channel, SocketAction fault) => fault switch
    {
        DropSocketAction => hub.Drop(channel),
        CloseSocketAction close => hub.SocketClosing(channel, close.Delay),
        StopHeartbeatsAction stop => hub.StopHeartbeats(channel, stop.Duration),
        StartHeartbeatsAction => hub.StartHeartbeats(channel),
        ExpireChannelAction => hub.Expire(channel.Id),
        EvictChannelAction => hub.Evict(channel),
        _ => throw new InvalidOperationException("Unknown socket fault " + fault.Type),
    };
}
