namespace ParticipantData.Client;

/// <summary>The media a conversation carries, as the per-media API paths name it.</summary>
public enum MediaType
{
    /// <summary>Not said, or a media this library does not know.</summary>
    Unknown,

    /// <summary>A voice call (<c>/calls/</c>).</summary>
    Call,

    /// <summary>A message conversation: web messaging, SMS, social (<c>/messages/</c>).</summary>
    Message,

    /// <summary>An email (<c>/emails/</c>).</summary>
    Email,

    /// <summary>A callback (<c>/callbacks/</c>).</summary>
    Callback,
}

/// <summary>A conversation as read from <c>GET /api/v2/conversations/{conversationId}</c>.</summary>
public sealed record Conversation(
    ConversationId Id,
    MediaType MediaType,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyList<Participant> Participants)
{
    /// <summary>True until the conversation has an end time.</summary>
    public bool IsActive => EndTime is null;
}

/// <summary>A participant with its attributes (participant data) and the state of its media.</summary>
public sealed record Participant(
    ParticipantId Id,
    string? Purpose,
    string? Name,
    string? State,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>For messaging participants, the messenger type (e.g. <c>webmessaging</c>).</summary>
    public string? MessageType { get; init; }
}
