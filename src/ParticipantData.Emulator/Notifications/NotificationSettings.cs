namespace ParticipantData.Emulator.Notifications;

/// <summary>A frozen, validated copy of <see cref="NotificationOptions"/>.</summary>
internal sealed record NotificationSettings(
    TimeSpan HeartbeatInterval,
    TimeSpan ChannelLifetime,
    int MaxChannelsPerClient,
    int MaxTopicsPerChannel,
    TimeSpan SocketClosingDelay)
{
    public static NotificationSettings Default { get; } = From(new NotificationOptions());

    public static NotificationSettings From(NotificationOptions? options)
    {
        options ??= new NotificationOptions();
        if (options.HeartbeatInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.HeartbeatInterval, "NotificationOptions.HeartbeatInterval must not be negative (zero turns heartbeats off).");
        }

        if (options.ChannelLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ChannelLifetime, "NotificationOptions.ChannelLifetime must be positive.");
        }

        if (options.SocketClosingDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SocketClosingDelay, "NotificationOptions.SocketClosingDelay must not be negative.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChannelsPerClient, 1, nameof(options.MaxChannelsPerClient));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTopicsPerChannel, 1, nameof(options.MaxTopicsPerChannel));
        return new NotificationSettings(
            options.HeartbeatInterval,
            options.ChannelLifetime,
            options.MaxChannelsPerClient,
            options.MaxTopicsPerChannel,
            options.SocketClosingDelay);
    }
}
