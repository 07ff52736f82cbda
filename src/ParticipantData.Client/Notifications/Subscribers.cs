namespace ParticipantData.Client.Notifications;

/// <summary>The live subscriptions of a session; the socket's reader posts each event to those that want its topic. Thread-safe.</summary>
internal sealed class Subscribers
{
    private readonly Lock _gate = new();
    private NotificationSubscription[] _all = []; // replaced, never changed: the reader iterates without the lock

    public void Add(NotificationSubscription subscription)
    {
        lock (_gate)
        {
            _all = [.. _all, subscription];
        }
    }

    public void Remove(NotificationSubscription subscription)
    {
        lock (_gate)
        {
            _all = [.. _all.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    public void Post(NotificationEvent notification)
    {
        foreach (var subscription in Volatile.Read(ref _all))
        {
            if (subscription.Wants(notification.TopicName))
            {
                subscription.Post(notification);
            }
        }
    }

    /// <summary>Ends every subscription's readers.</summary>
    public void CompleteAll()
    {
        foreach (var subscription in Volatile.Read(ref _all))
        {
            subscription.Complete();
        }
    }
}
