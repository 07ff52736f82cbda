using System.Net.WebSockets;

namespace ParticipantData.Emulator.Notifications;

/// <summary>The platform's system messages on a channel's socket: <c>v2.system.socket_closing</c> and <c>v2.system.no_longer_subscribed.{channelId}</c>.</summary>
internal static class SystemFrames
{
    public const string SocketClosingTopic = "v2.system.socket_closing";
    public const string NoLongerSubscribedTopic = "v2.system.no_longer_subscribed";

    public static byte[] SocketClosing() =>
        NotificationJsonContext.Frame(SocketClosingTopic, new ChannelMetadataBody("Socket closing: reconnect to continue receiving notifications."));

    /// <summary>Sends <c>socket_closing</c>, then closes the socket after the frames already queued.</summary>
    public static void SocketClosingThenClose(ChannelConnection connection, WebSocketCloseStatus status, string closeDescription)
    {
        connection.TryEnqueue(SocketClosingTopic, SocketClosing());
        connection.Close(status, closeDescription);
    }

    /// <summary>Tells the socket its channel was removed (<c>no_longer_subscribed</c>), then closes it.</summary>
    public static void NoLongerSubscribed(ChannelConnection connection, NotificationChannel channel, string message, string closeDescription)
    {
        var topic = NoLongerSubscribedTopic + "." + channel.Id;
        connection.TryEnqueue(topic, NotificationJsonContext.Frame(topic, new SystemMessageBody
        {
            SystemTopicType = "no_longer_subscribed",
            ChannelId = channel.Id,
            CorrelationId = Guid.NewGuid().ToString("D"),
            OAuthClientId = channel.ClientId,
            Message = message,
        }));
        connection.Close(WebSocketCloseStatus.NormalClosure, closeDescription);
    }
}
