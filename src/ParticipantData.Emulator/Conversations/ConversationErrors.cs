using ParticipantData.Emulator.Errors;

namespace ParticipantData.Emulator.Conversations;

/// <summary>The 404s of the conversation routes, worded to say what was not found.</summary>
internal static class ConversationErrors
{
    public static ApiError ConversationNotFound(string conversationId) =>
        ApiError.NotFound($"The requested resource was not found: no conversation [{conversationId}].");

    public static ApiError ParticipantNotFound(string conversationId, string participantId) =>
        ApiError.NotFound($"The requested resource was not found: conversation [{conversationId}] has no participant [{participantId}]."
            + (Guid.TryParse(participantId, out _) ? "" : " " + Routing.WrongRecipes.GuestParticipant));

    /// <summary>A media route used on a conversation of another media type.</summary>
    public static ApiError WrongMedia(ConversationSnapshot conversation, MediaKind requested) =>
        ApiError.NotFound(
            $"The requested resource was not found: conversation [{conversation.Id}] is a {conversation.Media.Name()} conversation, " +
            $"not a {requested.Name()}; use /api/v2/conversations/{conversation.Media.Segment()}/{conversation.Id}.");
}
