namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// What a <see cref="ChannelConnection"/> tells the layer above it (the fault plan's socket rules,
/// <see cref="ChannelFaults"/>), so the connection depends on nothing but this.
/// </summary>
internal interface IConnectionHooks
{
    /// <summary>The socket was just accepted: timed rules are armed from now.</summary>
    void Accepted(ChannelConnection connection);

    /// <summary>A frame of <paramref name="topic"/> is about to go out; false when the socket was dropped (the frame is not sent).</summary>
    bool BeforeSend(ChannelConnection connection, string topic);
}
