using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Attributes;

/// <summary>
/// <c>PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes</c> and its media
/// forms. Checks run in this order: content type (415), body (400), conversation, media and participant
/// (404), ended conversation (configured); then the write's service time and its version check (409).
/// </summary>
internal static class AttributeEndpoints
{
    /// <param name="media">The media of the route; null for the generic route.</param>
    public static Func<RequestContext, Task> Patch(MediaKind? media) => context => PatchAsync(context, media);

    private static async Task PatchAsync(RequestContext context, MediaKind? media)
    {
        var body = context.Exchange.RequestBody;
        Dictionary<string, string> attributes;
        if (media == MediaKind.Message && body.Length == 0)
        {
            // The messages form declares its body optional: no body is a write of nothing.
            attributes = [];
        }
        else
        {
            if ((AttributeJson.TryParseBody(context.Http.Request, body, out attributes)
                 ?? AttributeLimitCheck.CheckGiven(attributes, context.Services.Settings.Limits)) is { } invalid)
            {
                await context.WriteErrorAsync(invalid).ConfigureAwait(false);
                return;
            }
        }

        var conversationId = context.Route("conversationId");
        var participantId = context.Route("participantId");
        var services = context.Services;
        var policy = services.Settings.EndedConversationWrites;
        var write = new AttributeWrite(conversationId, participantId, media, attributes, AllowEnded: policy == EndedConversationWrites.Accept)
        {
            Writer = context.Caller?.Client.ClientId,
        };
        var outcome = services.Conversations.BeginWrite(write, out var read);
        if (outcome is null && read!.WriteServiceTime > TimeSpan.Zero)
        {
            // Optimistic concurrency: the write read this version, takes its service time, and commits only if
            // no other write committed meanwhile.
            await Task.Delay(read.WriteServiceTime, services.TimeProvider, context.Http.RequestAborted).ConfigureAwait(false);
            write = write with { ExpectedVersion = read.Version };
        }

        outcome ??= services.Conversations.WriteAttributes(write);
        switch (outcome.Status)
        {
            case AttributeWriteStatus.VersionConflict:
                services.Counters.VersionConflict();
                await context.WriteErrorAsync(new ApiError(409, services.Settings.ConflictCode, services.Settings.ConflictMessage)).ConfigureAwait(false);
                return;
            case AttributeWriteStatus.Written:
                services.Counters.AttributeWrite();
                if (media is null)
                {
                    await context.WriteEmptyAsync(202).ConfigureAwait(false);
                }
                else
                {
                    await context.WriteJsonAsync(202, new ParticipantAttributesDto(new Dictionary<string, string>(outcome.Participant!.Attributes, StringComparer.Ordinal))).ConfigureAwait(false);
                }

                return;
            case AttributeWriteStatus.ConversationEnded when policy == EndedConversationWrites.NotFound:
            case AttributeWriteStatus.ConversationNotFound:
                await context.WriteErrorAsync(ConversationErrors.ConversationNotFound(conversationId)).ConfigureAwait(false);
                return;
            case AttributeWriteStatus.WrongMedia:
                await context.WriteErrorAsync(ConversationErrors.WrongMedia(outcome.Conversation!, media!.Value)).ConfigureAwait(false);
                return;
            case AttributeWriteStatus.ParticipantNotFound:
                await context.WriteErrorAsync(ConversationErrors.ParticipantNotFound(conversationId, participantId)).ConfigureAwait(false);
                return;
            case AttributeWriteStatus.LimitExceeded:
                await context.WriteErrorAsync(AttributeLimitCheck.Refuse(outcome.Problem!)).ConfigureAwait(false);
                return;
            case AttributeWriteStatus.ConversationEnded:
                await context.WriteErrorAsync(ApiError.BadRequest(
                    $"The conversation has ended: conversation [{conversationId}] is disconnected and its participant attributes can no longer be changed.")).ConfigureAwait(false);
                return;
            default:
                throw new InvalidOperationException("Unexpected attribute write outcome " + outcome.Status);
        }
    }
}
