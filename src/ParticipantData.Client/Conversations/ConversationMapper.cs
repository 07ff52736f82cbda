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

    public static Conversation ToConversation(MediaConversationDto dto, ConversationId requested, MediaType mediaType)
    {
        var participants = (dto.Participants ?? [])
            .Where(p => ParticipantId.TryParse(p.Id, out _))
            .Select(p => new Participant(
                ParticipantId.Parse(p.Id!),
                p.Purpose,
                p.Name,
                p.State,
                p.StartTime,
                p.EndTime,
                p.Attributes is null ? NoAttributes : new Dictionary<string, string>(p.Attributes, StringComparer.Ordinal))
            {
                MessageType = p.Type,
            })
            .ToList();
        var id = ConversationId.TryParse(dto.Id, out var parsed) ? parsed : requested;
        // Media conversations carry no start/end of their own: derive them from the participants.
        var start = participants.Select(p => p.StartTime).Where(t => t is not null).DefaultIfEmpty(null).Min();
        var ended = participants.Count > 0 && participants.All(p => p.EndTime is not null || p.State is "disconnected" or "terminated");
        var end = ended ? participants.Select(p => p.EndTime).Where(t => t is not null).DefaultIfEmpty(null).Max() ?? start : null;
        return new Conversation(id, mediaType, start, end, participants);
    }

    /// <summary>The path segment of a media type's API (<c>calls</c>, <c>messages</c>, ...).</summary>
    public static string Segment(MediaType mediaType) => mediaType switch
    {
        MediaType.Call => "calls",
        MediaType.Message => "messages",
        MediaType.Email => "emails",
        MediaType.Callback => "callbacks",
        _ => throw new ArgumentException($"'{mediaType}' has no media API: use Call, Message, Email or Callback.", nameof(mediaType)),
    };

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
