using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// <c>GET /api/v2/notifications/availabletopics[?expand=description,requiresPermissions]</c>: the topics the emulator
/// serves, with <c>{id}</c> in place of the entity id as the platform lists them. UNCONFIRMED which fields come
/// without <c>expand</c>: the emulator sends only <c>id</c> then (docs/emulator.md).
/// </summary>
internal static class AvailableTopicsEndpoint
{
    /// <summary>The expand values of the platform (DN NotificationsApi); the emulator fills description and requiresPermissions.</summary>
    private static readonly string[] ExpandValues =
        ["description", "enforced", "schema", "visibility", "transports", "publicApiTemplateUriPaths", "requiresPermissions", "permissionDetails", "topicParameters"];

    public static async Task GetAsync(RequestContext context)
    {
        var expand = context.Http.Request.Query["expand"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (expand.FirstOrDefault(e => !ExpandValues.Contains(e, StringComparer.Ordinal)) is { } unknown)
        {
            await context.WriteErrorAsync(ApiError.InvalidValue(
                $"Value [{unknown}] is not valid for field type [expand]. Allowable values are: {string.Join(", ", ExpandValues)}")).ConfigureAwait(false);
            return;
        }

        var describe = expand.Contains("description", StringComparer.Ordinal);
        var permissions = expand.Contains("requiresPermissions", StringComparer.Ordinal);
        var topics = Templates().Select(t => new AvailableTopicDto(t.Id)
        {
            Description = describe ? t.Description : null,
            RequiresPermissions = permissions ? [t.Permission] : null,
        }).ToList();
        await context.WriteJsonAsync(200, new AvailableTopicListingDto(topics)).ConfigureAwait(false);
    }

    private static IEnumerable<(string Id, string Description, string Permission)> Templates()
    {
        const string Id = "00000000-0000-0000-0000-000000000000";
        var attributes = new Topic(TopicKind.ConversationAttributes, Id);
        yield return (attributes.Name.Replace(Id, "{id}", StringComparison.Ordinal),
            "Participant attribute changes of a conversation (AttributeDetailEventTopicAttributeUpdateEvent).", attributes.Permission);
        foreach (var (kind, what) in new[] { (TopicKind.QueueConversations, "a queue"), (TopicKind.UserConversations, "a user") })
        {
            foreach (var media in Topic.MediaSuffixes.Prepend(null))
            {
                var topic = new Topic(kind, Id, media);
                yield return (topic.Name.Replace(Id, "{id}", StringComparison.Ordinal),
                    media is null
                        ? $"The conversations of {what}, with participants and their attributes, on every change."
                        : $"The {media} conversations of {what}, as media participants with their attributes, on every change.",
                    topic.Permission);
            }
        }
    }
}

/// <summary><c>AvailableTopicEntityListing</c>.</summary>
internal sealed record AvailableTopicListingDto(List<AvailableTopicDto> Entities);

/// <summary><c>AvailableTopic</c>: <c>id</c>, and with <c>expand</c> its <c>description</c> and <c>requiresPermissions</c>.</summary>
internal sealed record AvailableTopicDto(string Id)
{
    public string? Description { get; init; }

    public List<string>? RequiresPermissions { get; init; }
}
