using ParticipantData.Client.Json;

namespace ParticipantData.Client;

internal static class ConversationMapper
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    public static Conversation ToConversation(ConversationDto dto, ConversationId requested)
    {
        var participants = (dto.Participants ?? [])
            .Where(p => ParticipantId.TryParse(p.Id, out _))
            .Select(ToParticipant)
            .ToList();
        var id = ConversationId.TryParse(dto.Id, out var parsed) ? parsed : requested;
        return new Conversation(id, MediaOf(dto), dto.StartTime, dto.EndTime, participants);
    }

    private static Participant ToParticipant(ParticipantDto p)
    {
        var media = (p.Calls ?? []).Concat(p.Messages ?? []).Concat(p.Emails ?? []).Concat(p.Callbacks ?? []).Concat(p.Chats ?? []).ToList();
        var state = media.Count == 0 ? null : (media.FirstOrDefault(m => m.State is not ("disconnected" or "terminated")) ?? media[^1]).State;
        return new Participant(
            ParticipantId.Parse(p.Id!),
            p.Purpose,
            p.Name,
            state,
            p.StartTime,
            p.EndTime,
            p.Attributes is null ? NoAttributes : new Dictionary<string, string>(p.Attributes, StringComparer.Ordinal))
        {
            MessageType = p.Messages?.Select(m => m.Type).FirstOrDefault(t => t is not null),
        };
    }

    private static MediaType MediaOf(ConversationDto dto)
    {
        var participants = dto.Participants ?? [];
        if (participants.Any(p => p.Calls is { Count: > 0 }))
        {
            return MediaType.Call;
        }

        if (participants.Any(p => p.Messages is { Count: > 0 }))
        {
            return MediaType.Message;
        }

        if (participants.Any(p => p.Emails is { Count: > 0 }))
        {
            return MediaType.Email;
        }

        return participants.Any(p => p.Callbacks is { Count: > 0 }) ? MediaType.Callback : MediaType.Unknown;
    }
}
