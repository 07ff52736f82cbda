using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Conversations;

/// <summary>
/// How a participant snapshot shows on the wire, shared by the REST models (<see cref="ConversationMapper"/>) and
/// the notification events (<see cref="Notifications.ConversationEvents"/>), so the two cannot drift apart.
/// </summary>
internal static class ParticipantMapping
{
    /// <summary>Sets the fields every media participant shares; callers set the media- or wire-specific ones.</summary>
    /// <param name="dto">The DTO with its own fields set.</param>
    /// <param name="p">The participant.</param>
    /// <param name="user">A user id (and the participant's name) as this wire shows it.</param>
    /// <param name="queue">A queue id as this wire shows it.</param>
    public static T Fill<T, TRef>(T dto, ParticipantSnapshot p, Func<string, string?, TRef> user, Func<string, TRef> queue)
        where T : MediaParticipantFields<TRef>
        where TRef : class => dto with
        {
            Id = p.Id,
            Purpose = p.Purpose,
            State = p.State,
            Direction = p.Direction,
            Name = p.Name,
            Address = p.Address,
            StartTime = IsoTime.Format(p.StartTime),
            ConnectedTime = IsoTime.Format(p.ConnectedTime),
            EndTime = IsoTime.Format(p.EndTime),
            DisconnectType = p.DisconnectType,
            Held = p.Held,
            WrapupRequired = p.WrapupRequired,
            User = p.UserId is null ? null : user(p.UserId, p.Name),
            Queue = p.QueueId is null ? null : queue(p.QueueId),
            Attributes = Attributes(p),
        };

    /// <summary>A copy of the participant's attributes (the DTO must not share the snapshot's map).</summary>
    public static Dictionary<string, string> Attributes(ParticipantSnapshot p) => new(p.Attributes, StringComparer.Ordinal);
}
