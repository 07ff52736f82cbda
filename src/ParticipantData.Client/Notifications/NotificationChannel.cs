namespace ParticipantData.Client.Notifications;

/// <summary>A notification channel the platform created: where its socket connects, when it expires, which topics it holds.</summary>
internal sealed class NotificationChannel(string id, Uri connectUri, DateTimeOffset? expires)
{
    public string Id { get; } = id;

    public Uri ConnectUri { get; } = connectUri;

    public DateTimeOffset Expires { get; } = expires ?? DateTimeOffset.MaxValue;

    /// <summary>The topics the last successful subscription put on the channel (guarded by the session's state lock).</summary>
    public HashSet<string> Applied { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Why a socket ended and how to reconnect: at once (the server asked) or with backoff; whether the channel is gone too.</summary>
internal sealed record Disconnect(string Reason, bool Immediate, bool ChannelGone);

/// <summary>The socket handshake answered 404: the channel no longer exists.</summary>
internal sealed class ChannelGoneException(Exception inner)
    : ParticipantDataException("The notification channel no longer exists (404).", inner);
