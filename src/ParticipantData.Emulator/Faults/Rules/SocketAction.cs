namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>
/// A fault on an open notification socket. The fault plan and the admin API
/// (<c>/emulator/v1/notifications/channels/{id}/...</c>) both apply them through
/// <see cref="Notifications.ChannelFaults.Apply"/>.
/// </summary>
internal abstract record SocketAction : FaultAction
{
    /// <summary>True when the socket is gone right after it (dropped, or closed at once); later rules do not act on the same frame.</summary>
    public virtual bool EndsSocket => false;
}
