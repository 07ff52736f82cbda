namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>
/// One rule of a fault plan: which requests it counts (<c>Route</c>), when it fires (<c>Trigger</c>), what it
/// does (<c>Action</c>), and at most how many times (<c>Limit</c>, null = no limit). A rule with a
/// <see cref="SocketAction"/> counts the frames sent on the notification sockets its route matches
/// (<c>/channels/{channelId}</c>), only those of <c>Topic</c> when it is given, instead of requests.
/// </summary>
internal sealed record FaultRule(string Name, RoutePattern Route, FaultTrigger Trigger, FaultAction Action, long? Limit, TopicPattern? Topic = null)
{
    public bool IsSocketRule => Action is SocketAction;
}
