using ParticipantData.Client.Notifications;

namespace ParticipantData.Client;

/// <summary>
/// Genesys Cloud notifications over one channel and one WebSocket, kept alive for you:
/// <list type="bullet">
/// <item>reconnects with backoff on any close or drop (not only on <c>v2.system.socket_closing</c>, at once on that one);</item>
/// <item>declares a socket dead when no frame (heartbeat or event) arrived for <see cref="NotificationsClientOptions.DeadSocketTimeout"/>;</item>
/// <item>re-creates the channel and subscribes again when it expired or was removed (<c>404</c>, <c>v2.system.no_longer_subscribed</c>);</item>
/// <item>refuses more than <see cref="NotificationsClientOptions.MaxTopicsPerChannel"/> topics.</item>
/// </list>
/// Every subscription of a client shares its channel (a client id may hold only 20 channels). Thread-safe.
/// </summary>
public sealed class NotificationsClient : IAsyncDisposable
{
    private readonly ChannelSession _session;

    /// <summary>Uses <paramref name="client"/>'s API URL, token and retry settings, and its clock.</summary>
    /// <param name="client">The client whose OAuth client, request budget and clock the channel requests use.</param>
    /// <param name="options">The settings, copied and checked here (later changes to the object change nothing); null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public NotificationsClient(ParticipantDataClient client, NotificationsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = (options ?? new NotificationsClientOptions()).Freeze();
        _session = new ChannelSession(client.Api, client.Time, client.Logger, settings, args => ConnectionChanged?.Invoke(this, args));
    }

    /// <summary>Raised on every connect, reconnect attempt and close (from the client's background task; keep handlers short).</summary>
    public event EventHandler<NotificationConnectionChangedEventArgs>? ConnectionChanged;

    /// <summary>Where the socket is: idle before the first subscription, then connected or reconnecting, closed once disposed.</summary>
    public NotificationConnectionState State => _session.State;

    /// <summary>The channel in use (it changes when the channel is re-created); null before the first subscription.</summary>
    public string? ChannelId => _session.ChannelId;

    /// <summary>Successful reconnections so far.</summary>
    public int Reconnects => _session.Reconnects;

    /// <summary>
    /// Subscribes to <paramref name="topics"/> and returns once the socket is connected and the topics are on
    /// the channel, so every event published from then on is delivered to the subscription.
    /// </summary>
    /// <exception cref="ArgumentException">No topic, an empty topic, or more topics than <see cref="NotificationsClientOptions.MaxTopicsPerChannel"/> on the channel.</exception>
    /// <exception cref="GenesysApiException">The platform refused the channel or a topic (e.g. 400 for an unknown topic, 403 for a missing permission).</exception>
    /// <exception cref="ParticipantDataException">The first socket could not be opened.</exception>
    public Task<NotificationSubscription> SubscribeAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) =>
        _session.SubscribeAsync(topics, cancellationToken);

    /// <summary>Subscribes to <c>v2.detail.events.conversation.{id}.attributes</c>: read it with <see cref="NotificationSubscription.ReadAttributeUpdatesAsync"/>.</summary>
    public Task<NotificationSubscription> SubscribeToAttributesAsync(ConversationId conversationId, CancellationToken cancellationToken = default) =>
        _session.SubscribeAsync([NotificationTopics.ConversationAttributes(conversationId)], cancellationToken);

    /// <summary>Closes the socket and ends every subscription's readers. The channel is left to expire (the platform has no delete).</summary>
    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
