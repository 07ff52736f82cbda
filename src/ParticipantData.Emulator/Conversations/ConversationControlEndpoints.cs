using System.Text.Json;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Conversations;

/// <summary>
/// The whole-conversation and participant PATCHes official clients call (genesys-api.md §3): disconnecting a
/// conversation (<c>PATCH /api/v2/conversations/{media}/{id}</c>, a <c>Conversation</c> with <c>state: disconnected</c>)
/// and updating a participant (<c>PATCH …/participants/{participantId}</c>, a <c>MediaParticipantRequest</c>).
/// Neither carries attributes: a body that tries gets 400 naming the attributes PATCH.
/// </summary>
internal static class ConversationControlEndpoints
{
    /// <summary>Any one of these lets a client update a participant (DN: ANY).</summary>
    public const string ParticipantPermissions = "conversation:participant:wrapup|conversation:call:record|conversation:communication:disconnect";

    public const string DisconnectPermission = "conversation:communication:disconnect";

    private static readonly string[] ParticipantStates = ["connected", "disconnected"];

    private static readonly string[] ParticipantFlags = ["recording", "muted", "confined", "held", "wrapupSkipped"];

    public static Func<RequestContext, Task> PatchConversation(MediaKind media) => context => PatchConversationAsync(context, media);

    public static Func<RequestContext, Task> PatchParticipant(MediaKind? media) => context => PatchParticipantAsync(context, media);

    private static async Task PatchConversationAsync(RequestContext context, MediaKind media)
    {
        if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.TryGetProperty("participants", out _) || root.TryGetProperty("attributes", out _))
            {
                await context.WriteErrorAsync(ApiError.BadRequest(
                    "This PATCH changes the conversation's state (disconnected) or recording state; it does not write participant attributes. " + WrongRecipes.AttributesPatch)).ConfigureAwait(false);
                return;
            }

            var state = Text(root, "state");
            var recording = Text(root, "recordingState");
            if (state is not null && !string.Equals(state, "disconnected", StringComparison.OrdinalIgnoreCase))
            {
                await context.WriteErrorAsync(ApiError.InvalidValue(
                    $"Value [{state}] is not valid for field type [state]: on update, 'disconnected' will disconnect the conversation. No other values are valid.")).ConfigureAwait(false);
                return;
            }

            if (recording is not null && (media != MediaKind.Call || recording.ToUpperInvariant() is not ("ACTIVE" or "PAUSED" or "NONE")))
            {
                await context.WriteErrorAsync(ApiError.InvalidValue(media != MediaKind.Call
                    ? $"recordingState applies to calls only, not to a {media.Name()} conversation."
                    : $"Value [{recording}] is not valid for field type [recordingState]. Allowable values are: ACTIVE, PAUSED, NONE")).ConfigureAwait(false);
                return;
            }

            if (state is null && recording is null)
            {
                await context.WriteErrorAsync(ApiError.BadRequest("Nothing to update: send {\"state\": \"disconnected\"} to disconnect every participant.")).ConfigureAwait(false);
                return;
            }

            var id = context.Route("conversationId");
            if (await FindAsync(context, id, media).ConfigureAwait(false) is not { } conversation)
            {
                return;
            }

            // Recording is not emulated: the state is accepted and nothing else changes.
            var result = state is null ? conversation : context.Services.Conversations.Disconnect(id) ?? conversation;
            await context.WriteJsonAsync(200, ConversationMapper.ToConversation(result)).ConfigureAwait(false);
        }
    }

    private static async Task PatchParticipantAsync(RequestContext context, MediaKind? media)
    {
        if (await ReadBodyAsync(context, optional: media is MediaKind.Message).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.TryGetProperty("attributes", out _))
            {
                await context.WriteErrorAsync(ApiError.BadRequest(
                    "A MediaParticipantRequest has no attributes field: this PATCH changes a participant's state, hold, mute, recording or wrap-up. " + WrongRecipes.AttributesPatch)).ConfigureAwait(false);
                return;
            }

            var state = Text(root, "state");
            if (state is not null && !ParticipantStates.Contains(state, StringComparer.Ordinal))
            {
                await context.WriteErrorAsync(ApiError.InvalidValue(
                    $"Value [{state}] is not valid for field type [state]. Possible values are: 'connected' and 'disconnected'.")).ConfigureAwait(false);
                return;
            }

            foreach (var flag in ParticipantFlags)
            {
                if (root.TryGetProperty(flag, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
                {
                    await context.WriteErrorAsync(ApiError.InvalidValue($"Value [{value.GetRawText()}] is not valid for field type [{flag}]: it must be true or false.")).ConfigureAwait(false);
                    return;
                }
            }

            var conversationId = context.Route("conversationId");
            var participantId = context.Route("participantId");
            if (await FindAsync(context, conversationId, media).ConfigureAwait(false) is not { } conversation)
            {
                return;
            }

            if (!conversation.Participants.Any(p => p.Id == participantId))
            {
                await context.WriteErrorAsync(ConversationErrors.ParticipantNotFound(conversationId, participantId)).ConfigureAwait(false);
                return;
            }

            bool? held = root.TryGetProperty("held", out var heldValue) && heldValue.ValueKind != JsonValueKind.Null ? heldValue.GetBoolean() : null;
            var now = context.Services.TimeProvider.GetUtcNow();
            context.Services.Conversations.Mutate(conversationId, ConversationChangeKind.ParticipantsChanged, current => current with
            {
                Version = current.Version + 1,
                Participants = current.Participants.Select(p => p.Id != participantId || p.EndTime is not null ? p : p with
                {
                    Held = held ?? p.Held,
                    State = state ?? p.State,
                    EndTime = state == "disconnected" ? now : p.EndTime,
                    DisconnectType = state == "disconnected" ? "client" : p.DisconnectType,
                }).ToList(),
            });
            await context.WriteEmptyAsync(202).ConfigureAwait(false);
        }
    }

    private static async Task<ConversationSnapshot?> FindAsync(RequestContext context, string id, MediaKind? media)
    {
        if (context.Services.Conversations.Find(id) is not { } conversation)
        {
            await context.WriteErrorAsync(ConversationErrors.ConversationNotFound(id)).ConfigureAwait(false);
            return null;
        }

        if (media is { } requested && conversation.Media != requested)
        {
            await context.WriteErrorAsync(ConversationErrors.WrongMedia(conversation, requested)).ConfigureAwait(false);
            return null;
        }

        return conversation;
    }

    /// <summary>The JSON object body; null when an error was answered. An optional body that is absent reads as <c>{}</c>.</summary>
    private static async Task<JsonDocument?> ReadBodyAsync(RequestContext context, bool optional = false)
    {
        var bytes = context.Exchange.RequestBody;
        if (optional && bytes.Length == 0)
        {
            return JsonDocument.Parse("{}");
        }

        if (!JsonBody.TryRead(context.Http.Request, bytes, null, out var document, out var error))
        {
            await context.WriteErrorAsync(error).ConfigureAwait(false);
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            await context.WriteErrorAsync(ApiError.BadRequest("The body must be a JSON object.")).ConfigureAwait(false);
            return null;
        }

        return document;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
