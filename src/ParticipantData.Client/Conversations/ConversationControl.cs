using System.Text.Json;
using System.Text.Json.Serialization;
using ParticipantData.Client.Http;
using ParticipantData.Client.Json;

namespace ParticipantData.Client;

/// <summary>
/// The conversation and participant operations besides attributes that official clients call (genesys-api.md §3, §6):
/// disconnecting a conversation, updating a participant, listing notification topics.
/// </summary>
public sealed partial class ParticipantDataClient
{
    /// <summary>
    /// Disconnects every participant (<c>PATCH /api/v2/conversations/{calls|messages|emails|callbacks}/{conversationId}</c>
    /// with <c>{"state": "disconnected"}</c>; needs <c>conversation:communication:disconnect</c>) and returns the ended conversation.
    /// </summary>
    public async Task<Conversation> DisconnectConversationAsync(ConversationId conversationId, MediaType mediaType, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ConversationStateDto("disconnected"), ControlJsonContext.Default.ConversationStateDto);
        var request = ApiOperations.DisconnectMediaConversation.Request(ConversationMapper.Segment(mediaType), conversationId.Value);
        var dto = await _api.SendForJsonAsync(request, body, WireJsonContext.Default.ConversationDto, cancellationToken).ConfigureAwait(false);
        return ConversationMapper.ToConversation(dto, conversationId);
    }

    /// <summary>
    /// Updates a participant (<c>PATCH /api/v2/conversations[/{media}]/{conversationId}/participants/{participantId}</c> with a
    /// <c>MediaParticipantRequest</c>): state, hold, mute, recording. It carries no attributes: write those with
    /// <see cref="SetParticipantAttributesAsync(ConversationId, ParticipantSelector, IReadOnlyDictionary{string, string}, CancellationToken)"/>.
    /// </summary>
    /// <remarks>Give <c>mediaType</c> for the media form of the route (<c>/calls/</c>, …); null uses the generic one.</remarks>
    public async Task UpdateParticipantAsync(
        ConversationId conversationId,
        ParticipantId participantId,
        ParticipantUpdate update,
        MediaType? mediaType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.State is not (null or "connected" or "disconnected"))
        {
            throw new ArgumentException($"State '{update.State}' is not one a participant can be set to: use connected or disconnected.", nameof(update));
        }

        var request = mediaType is { } media
            ? ApiOperations.UpdateMediaParticipant.Request(ConversationMapper.Segment(media), conversationId.Value, participantId.Value)
            : ApiOperations.UpdateParticipant.Request(conversationId.Value, participantId.Value);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new MediaParticipantRequestDto(update.State, update.Held, update.Muted, update.Recording, update.Confined, update.WrapupSkipped),
            ControlJsonContext.Default.MediaParticipantRequestDto);
        using var response = await _api.SendAsync(request, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The notification topics the platform offers (<c>GET /api/v2/notifications/availabletopics?expand=description,requiresPermissions</c>).</summary>
    public async Task<IReadOnlyList<AvailableTopic>> GetAvailableTopicsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _api.SendAsync(ApiOperations.GetAvailableTopics.Request(), null, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var listing = await JsonSerializer.DeserializeAsync(stream, ControlJsonContext.Default.AvailableTopicListingDto, cancellationToken).ConfigureAwait(false);
        return (listing?.Entities ?? [])
            .Where(t => t.Id is not null)
            .Select(t => new AvailableTopic(t.Id!, t.Description, t.RequiresPermissions ?? []))
            .ToList();
    }
}

/// <summary>What to change on a participant (a <c>MediaParticipantRequest</c>); null leaves a field as it is.</summary>
/// <param name="State"><c>connected</c> or <c>disconnected</c>.</param>
/// <param name="Held">Hold or retrieve.</param>
/// <param name="Muted">Mute or unmute.</param>
/// <param name="Recording">Record or stop recording.</param>
/// <param name="Confined">Confine (ad-hoc conferences).</param>
/// <param name="WrapupSkipped">Skip wrap-up.</param>
public sealed record ParticipantUpdate(
    string? State = null,
    bool? Held = null,
    bool? Muted = null,
    bool? Recording = null,
    bool? Confined = null,
    bool? WrapupSkipped = null)
{
    /// <summary>Disconnects the participant.</summary>
    public static ParticipantUpdate Disconnect { get; } = new(State: "disconnected");
}

/// <summary>A topic of <c>GET /api/v2/notifications/availabletopics</c>.</summary>
/// <param name="Id">The topic name, with <c>{id}</c> for the entity id.</param>
/// <param name="Description">What it carries.</param>
/// <param name="RequiresPermissions">Permissions a subscription needs.</param>
public sealed record AvailableTopic(string Id, string? Description, IReadOnlyList<string> RequiresPermissions);

internal sealed record ConversationStateDto(string State);

internal sealed record MediaParticipantRequestDto(string? State, bool? Held, bool? Muted, bool? Recording, bool? Confined, bool? WrapupSkipped);

internal sealed class AvailableTopicListingDto
{
    public List<AvailableTopicDto>? Entities { get; set; }
}

internal sealed class AvailableTopicDto
{
    public string? Id { get; set; }

    public string? Description { get; set; }

    public List<string>? RequiresPermissions { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationStateDto))]
[JsonSerializable(typeof(MediaParticipantRequestDto))]
[JsonSerializable(typeof(AvailableTopicListingDto))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
