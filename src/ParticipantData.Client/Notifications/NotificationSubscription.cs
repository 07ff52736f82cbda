using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ParticipantData.Client.Notifications;

namespace ParticipantData.Client;

/// <summary>
/// Topics subscribed through a <see cref="NotificationsClient"/> and the events that arrive for them, in
/// arrival order. Reconnections are invisible here: events keep coming once the client is connected again
/// (events published while it was not connected are lost, as on the platform). Dispose to unsubscribe.
/// </summary>
public sealed class NotificationSubscription : IAsyncDisposable
{
    private readonly Channel<NotificationEvent> _events =
        Channel.CreateUnbounded<NotificationEvent>(new UnboundedChannelOptions { SingleWriter = true });

    private readonly HashSet<string> _topicSet;
    private readonly ChannelSession _session;
    private int _disposed;

    internal NotificationSubscription(ChannelSession session, IReadOnlyList<string> topics)
    {
        _session = session;
        Topics = topics;
        _topicSet = new HashSet<string>(topics, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The topics of this subscription.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>
    /// Every event for <see cref="Topics"/>, as it arrives, until the subscription or its client is disposed.
    /// Meant for one reader: several readers share (split) the events.
    /// </summary>
    public IAsyncEnumerable<NotificationEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>The <see cref="AttributeUpdateEvent"/>s among the events (of <c>v2.detail.events.conversation.{id}.attributes</c> topics).</summary>
    public async IAsyncEnumerable<AttributeUpdateEvent> ReadAttributeUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var notification in ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (notification.AttributeUpdate is { } update)
            {
                yield return update;
            }
        }
    }

    /// <summary>Unsubscribes (topics no other subscription holds are removed from the channel) and ends the readers.</summary>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _session.UnsubscribeAsync(this) : ValueTask.CompletedTask;

    internal bool Wants(string topic) => _topicSet.Contains(topic);

    internal void Post(NotificationEvent notification) => _events.Writer.TryWrite(notification);

    internal void Complete() => _events.Writer.TryComplete();
}
