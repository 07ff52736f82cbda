using ParticipantData.Emulator.Routing;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.Conversations;

/// <summary><c>GET /api/v2/conversations/{conversationId}</c> and the media forms.</summary>
internal static class ConversationEndpoints
{
    public static async Task GetConversationAsync(RequestContext context)
    {
        var id = context.Route("conversationId");
        if (context.Services.Conversations.Find(id) is not { } conversation)
        {
            await context.WriteErrorAsync(ConversationErrors.ConversationNotFound(id)).ConfigureAwait(false);
            return;
        }

        await context.WriteJsonAsync(200, ConversationMapper.ToConversation(conversation)).ConfigureAwait(false);
    }

    public static Func<RequestContext, Task> GetMediaConversation(MediaKind media) => async context =>
    {
        var id = context.Route("conversationId");
        if (context.Services.Conversations.Find(id) is not { } conversation)
        {
            await context.WriteErrorAsync(ConversationErrors.ConversationNotFound(id)).ConfigureAwait(false);
            return;
        }

        if (conversation.Media != media)
        {
            await context.WriteErrorAsync(ConversationErrors.WrongMedia(conversation, media)).ConfigureAwait(false);
            return;
        }

        await context.WriteJsonAsync(200, ConversationMapper.ToMediaConversation(conversation)).ConfigureAwait(false);
    };
}
