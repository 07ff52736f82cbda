using System.Globalization;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Admin;

/// <summary>The emulator's own API under <c>/emulator/v1</c> (not part of Genesys Cloud; no authentication).</summary>
internal static class AdminEndpoints
{
    public static Task HealthAsync(RequestContext context) =>
        context.WriteJsonAsync(200, new HealthDto("ok", context.Services.Conversations.List().Count));

    public static Task ListConversationsAsync(RequestContext context) =>
        context.WriteJsonAsync(200, new ConversationListing(
            context.Services.Conversations.List().Select(ConversationMapper.ToConversation).ToList()));

    public static async Task CreateConversationAsync(RequestContext context)
    {
        var error = NewConversationJson.TryParse(context.Exchange.RequestBody, context.Services.Settings.Lifecycle, out var request)
            ?? ConversationFactory.Validate(request, context.Services.Settings.Limits);
        if (error is not null)
        {
            await context.WriteErrorAsync(error).ConfigureAwait(false);
            return;
        }

        if (request.Id is { } id && context.Services.Conversations.Find(id) is not null)
        {
            await context.WriteErrorAsync(new ApiError(409, "conflict", $"A conversation with id [{id}] already exists; leave id out for a new one.")).ConfigureAwait(false);
            return;
        }

        ConversationSnapshot created;
        try
        {
            created = context.Services.CreateConversation(request);
        }
        catch (ConversationLimitException full)
        {
            await context.WriteErrorAsync(ApiError.BadRequest(full.Message)).ConfigureAwait(false);
            return;
        }

        context.Http.Response.Headers.Location = ConversationMapper.SelfUri(created.Id);
        await context.WriteJsonAsync(201, ConversationMapper.ToConversation(created)).ConfigureAwait(false);
    }

    /// <summary>The admin view of a conversation is exactly what the API answers (without auth).</summary>
    public static Task GetConversationAsync(RequestContext context) => ConversationEndpoints.GetConversationAsync(context);

    public static async Task DisconnectConversationAsync(RequestContext context)
    {
        var id = context.Route("conversationId");
        if (context.Services.Conversations.Disconnect(id) is not { } ended)
        {
            await context.WriteErrorAsync(ConversationErrors.ConversationNotFound(id)).ConfigureAwait(false);
            return;
        }

        await context.WriteJsonAsync(200, ConversationMapper.ToConversation(ended)).ConfigureAwait(false);
    }

    public static async Task ListRequestsAsync(RequestContext context)
    {
        var query = context.Http.Request.Query;
        int? limit = null;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                await context.WriteErrorAsync(ApiError.BadRequest($"limit must be a positive whole number, not [{limitText}].")).ConfigureAwait(false);
                return;
            }

            limit = parsed;
        }

        var entries = context.Services.Journal.Read(query.TryGetValue("path", out var path) ? path.ToString() : null, limit);
        await context.WriteJsonAsync(200, new JournalListing(entries)).ConfigureAwait(false);
    }

    /// <summary><c>POST /emulator/v1/reset</c>: the configured start state again; answers the seeded conversations.</summary>
    public static Task ResetAsync(RequestContext context) =>
        context.WriteJsonAsync(200, new ConversationListing(context.Services.Reset().Select(ConversationMapper.ToConversation).ToList()));

    public static Task StatisticsAsync(RequestContext context) =>
        context.WriteJsonAsync(200, context.Services.Counters.Snapshot());

    public static Task ClearRequestsAsync(RequestContext context)
    {
        context.Services.Journal.Clear();
        return context.WriteEmptyAsync(204);
    }
}
