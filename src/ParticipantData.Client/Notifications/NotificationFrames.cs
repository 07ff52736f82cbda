using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// What a frame from the socket means: a heartbeat (a sign of life only), a system topic that ends the socket
/// (<c>socket_closing</c> at once to the same channel; <c>no_longer_subscribed</c> and <c>token_revoked</c> to a
/// new one), another system topic (ignored), or an event for the subscribers.
/// </summary>
internal static class NotificationFrames
{
    private const string MetadataTopic = "channel.metadata";
    private const string SocketClosingTopic = "v2.system.socket_closing";
    private const string SystemPrefix = "v2.system.";
    private static readonly string[] ChannelTakenAwayTopics = ["v2.system.no_longer_subscribed", "v2.system.token_revoked"];

    /// <summary>Either why the socket must end, or the event it carries; neither for heartbeats, other system topics and frames that are not JSON.</summary>
    public static (Disconnect? Ended, NotificationEvent? Event) Classify(ReadOnlySpan<byte> json, DateTimeOffset receivedAt, ILogger logger)
    {
        NotificationFrameDto? frame;
        try
        {
            frame = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.NotificationFrameDto);
        }
        catch (JsonException e)
        {
            logger.LogWarning("Notifications: ignored a frame that is not JSON: {Error}", e.Message);
            return (null, null);
        }

        if (frame?.TopicName is not { } topic || string.Equals(topic, MetadataTopic, StringComparison.Ordinal))
        {
            return (null, null); // heartbeats and ping replies only prove the socket is alive
        }

        if (string.Equals(topic, SocketClosingTopic, StringComparison.Ordinal))
        {
            return (new Disconnect("the server announced it is closing the socket (v2.system.socket_closing)", Immediate: true, ChannelGone: false), null);
        }

        if (ChannelTakenAwayTopics.Any(t => topic.StartsWith(t, StringComparison.Ordinal)))
        {
            return (new Disconnect($"the channel was taken away ({topic.Split('.')[2]})", Immediate: true, ChannelGone: true), null);
        }

        return topic.StartsWith(SystemPrefix, StringComparison.Ordinal)
            ? (null, null)
            : (null, new NotificationEvent(topic, frame.Version, frame.EventBody, frame.Metadata?.CorrelationId, receivedAt));
    }
}
