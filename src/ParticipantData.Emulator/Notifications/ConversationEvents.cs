using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Notifications;

/// <summary>Renders a committed conversation as the body of the <c>v2.routing.queues/v2.users.{id}.conversations</c> topics.</summary>
internal static class ConversationEvents
{
    public static ConversationEventBody From(ConversationSnapshot c) =>
        new(c.Id, c.Participants.Select(p => Participant(c.Media, p)).ToList());

    public static MediaConversationEventBody MediaFrom(ConversationSnapshot c) =>
        new(c.Id, c.Participants.Select(p => ParticipantMapping.Fill(new MediaConversationEventParticipant(), p, (id, _) => new EntityRef(id), id => new EntityRef(id))).ToList());

    private static ConversationEventParticipant Participant(MediaKind media, ParticipantSnapshot p)
    {
        List<ConversationEventMedia> communication =
        [
            new ConversationEventMedia
            {
                Id = p.CommunicationId,
                State = p.State,
                Held = p.Held,
                DisconnectType = p.DisconnectType,
                Direction = p.Direction,
                ConnectedTime = IsoTime.Format(p.ConnectedTime),
                DisconnectedTime = IsoTime.Format(p.EndTime),
            },
        ];
        return new ConversationEventParticipant
        {
            Id = p.Id,
            ConnectedTime = IsoTime.Format(p.ConnectedTime),
            EndTime = IsoTime.Format(p.EndTime),
            UserId = p.UserId,
            Name = p.Name,
            QueueId = p.QueueId,
            Purpose = p.Purpose,
            Address = p.Address,
            WrapupRequired = p.WrapupRequired,
            Attributes = ParticipantMapping.Attributes(p),
            Calls = media == MediaKind.Call ? communication : null,
            Callbacks = media == MediaKind.Callback ? communication : null,
            Emails = media == MediaKind.Email ? communication : null,
            Messages = media == MediaKind.Message ? communication : null,
        };
    }
}
