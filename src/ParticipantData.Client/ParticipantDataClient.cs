using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParticipantData.Client.Auth;
using ParticipantData.Client.Budget;
using ParticipantData.Client.Http;
using ParticipantData.Client.Json;

namespace ParticipantData.Client;

/// <summary>
/// Reads conversations and reads and writes participant attributes (participant data) on Genesys Cloud,
/// or on anything that speaks its API (the ParticipantData emulator). Thread-safe; create one per OAuth
/// client and share it: the access token and the retry budget are managed inside.
/// </summary>
public sealed partial class ParticipantDataClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TokenManager _tokens;
    private readonly GenesysHttp _api;

    /// <summary>Creates a client. <paramref name="httpClient"/> is a transport only: timeouts and retries come from the options.</summary>
    public ParticipantDataClient(
        ParticipantDataClientOptions options,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Freeze();
        ApiUrl = settings.ApiUrl!;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ParticipantData.Client");
        var budget = settings.RequestsPerMinute > 0
            ? RequestBudget.For(settings.LoginUrl!, settings.ClientId!, settings.RequestsPerMinute, time)
            : null;
        _tokens = new TokenManager(_http, settings, time, logger, budget);
        _api = new GenesysHttp(_http, _tokens, settings, time, logger, budget);
        Time = time;
        Logger = logger;
    }

    /// <summary>The platform calls with token, retries and errors (for the notifications client).</summary>
    internal GenesysHttp Api => _api;

    internal TimeProvider Time { get; }

    /// <summary>Logs in (or reuses a valid token): what <c>pdata doctor</c> checks.</summary>
    internal async Task LoginAsync(CancellationToken cancellationToken) =>
        await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);

    internal ILogger Logger { get; }

    /// <summary>The API base URL this client talks to, resolved from the options when the client was created.</summary>
    public Uri ApiUrl { get; }

    /// <summary>
    /// HTTP requests sent to the API so far (attempts and replays included); for diagnostics and benchmarks. Public
    /// because the relay reports it in its metrics and health (docs/client.md, "What stays public").
    /// </summary>
    public int ApiRequestCount => _api.Requests;

    /// <summary>
    /// Token requests sent to the login service so far. Public for the same reason as <see cref="ApiRequestCount"/>:
    /// the relay counts them against the budget it shares across instances.
    /// </summary>
    public int TokenRequestCount => _tokens.TokenRequests;

    /// <summary>Reads a conversation of any media type (<c>GET /api/v2/conversations/{conversationId}</c>; needs <c>conversation:communication:view</c>).</summary>
    public Task<Conversation> GetConversationAsync(ConversationId conversationId, CancellationToken cancellationToken = default) =>
        GetConversationAsync(conversationId, null, cancellationToken);

    /// <summary>
    /// Reads a conversation through its media API (<c>GET /api/v2/conversations/{calls|messages|emails|callbacks}/{conversationId}</c>),
    /// which needs no permission beyond a valid token. States come from the media participants.
    /// </summary>
    public async Task<Conversation> GetConversationAsync(ConversationId conversationId, MediaType mediaType, CancellationToken cancellationToken = default)
    {
        var request = ApiOperations.GetMediaConversation.Request(ConversationMapper.Segment(mediaType), conversationId.Value);
        var dto = await _api.SendForJsonAsync(request, null, WireJsonContext.Default.MediaConversationDto, cancellationToken).ConfigureAwait(false);
        return ConversationMapper.ToConversation(dto, conversationId, mediaType);
    }

    /// <summary>
    /// Merges attributes through the media API (<c>PATCH /api/v2/conversations/{calls|messages|emails|callbacks}/{conversationId}/participants/{participantId}/attributes</c>)
    /// and returns the attributes the platform answers with.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SetParticipantAttributesAsync(
        ConversationId conversationId,
        ParticipantId participantId,
        MediaType mediaType,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken = default)
    {
        ValidateAttributes(attributes);
        var request = ApiOperations.PatchMediaAttributes.Request(ConversationMapper.Segment(mediaType), conversationId.Value, participantId.Value);
        using var response = await _api.SendAsync(request, AttributesBody(attributes), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var answered = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize(text, WireJsonContext.Default.ParticipantAttributesDto);
        return answered?.Attributes ?? new Dictionary<string, string>(attributes, StringComparer.Ordinal);
    }

    /// <summary>Finds the participant a selector names, or throws a <see cref="ParticipantDataException"/> listing who is there.</summary>
    public async Task<Participant> GetParticipantAsync(ConversationId conversationId, ParticipantSelector participant, CancellationToken cancellationToken = default)
    {
        var conversation = await GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return participant.Select(conversation) ?? throw NoSuchParticipant(conversation, participant);
    }

    /// <summary>Reads a participant's attributes.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetParticipantAttributesAsync(
        ConversationId conversationId,
        ParticipantSelector participant,
        CancellationToken cancellationToken = default) =>
        (await GetParticipantAsync(conversationId, participant, cancellationToken).ConfigureAwait(false)).Attributes;

    /// <summary>
    /// Merges <paramref name="attributes"/> into a participant's attributes
    /// (<c>PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes</c>): keys given
    /// replace keys held, other keys stay. One request when the participant is given by id; a read first
    /// when it is given by purpose. Returns the participant id written to.
    /// </summary>
    public async Task<ParticipantId> SetParticipantAttributesAsync(
        ConversationId conversationId,
        ParticipantSelector participant,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ValidateAttributes(attributes);
        var participantId = participant.Id ??
            (await GetParticipantAsync(conversationId, participant, cancellationToken).ConfigureAwait(false)).Id;
        await PatchAttributesAsync(conversationId, participantId, attributes, null, cancellationToken).ConfigureAwait(false);
        return participantId;
    }

    internal RequestDeadline NewDeadline(TimeSpan total, RequestPriority priority) => _api.NewDeadline(total, priority);

    /// <summary>The request budget this client shares with every client of the same OAuth client in the process; null when off.</summary>
    internal RequestBudget? RequestBudget => _api.RequestBudget;

    internal async Task<Conversation> GetConversationAsync(ConversationId conversationId, RequestDeadline? deadline, CancellationToken cancellationToken)
    {
        var request = ApiOperations.GetConversation.Request(conversationId.Value);
        var dto = await _api.SendForJsonAsync(request, null, WireJsonContext.Default.ConversationDto, cancellationToken, deadline).ConfigureAwait(false);
        return ConversationMapper.ToConversation(dto, conversationId);
    }

    internal async Task PatchAttributesAsync(
        ConversationId conversationId,
        ParticipantId participantId,
        IReadOnlyDictionary<string, string> attributes,
        RequestDeadline? deadline,
        CancellationToken cancellationToken)
    {
        var request = ApiOperations.PatchAttributes.Request(conversationId.Value, participantId.Value);
        using var response = await _api.SendAsync(request, AttributesBody(attributes), cancellationToken, deadline).ConfigureAwait(false);
    }

    private static byte[] AttributesBody(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new ParticipantAttributesDto { Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal) },
            WireJsonContext.Default.ParticipantAttributesDto);

    /// <summary>Stops background token renewal; disposes the HTTP client if this client created it.</summary>
    public void Dispose()
    {
        _tokens.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal static void ValidateAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Count == 0)
        {
            throw new ArgumentException("No attributes to write: give at least one key=value.", nameof(attributes));
        }

        foreach (var (key, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException("An attribute key is empty: participant attribute keys must be non-empty strings.", nameof(attributes));
            }

            if (value is null)
            {
                throw new ArgumentException($"Attribute '{key}' has no value: participant attribute values must be strings (use \"\" for an empty value).", nameof(attributes));
            }
        }
    }

    private static ParticipantDataException NoSuchParticipant(Conversation conversation, ParticipantSelector selector)
    {
        var present = conversation.Participants.Count == 0
            ? "it has no participants"
            : "it has " + string.Join(", ", conversation.Participants.Select(p => $"{p.Purpose ?? "?"} {p.Id}"));
        return new ParticipantDataException(
            $"Conversation {conversation.Id} has no {(selector.Id is null ? $"'{selector.Purpose}' participant" : $"participant {selector.Id}")}: {present}.",
            "Choose a participant by id (--participant) or by one of the purposes listed.");
    }
}
