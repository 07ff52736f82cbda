using ParticipantData.Client;

namespace ParticipantData.Relay.Delivery;

/// <summary>What one delivery to the platform came to.</summary>
internal sealed record DeliveryResult(bool Applied, bool Verified, string? Failure, int Attempts, int Conflicts, int Throttles, bool Guarded);

/// <summary>A participant as read back: its attributes, and whether its conversation (or the participant) has ended.</summary>
internal sealed record ParticipantState(IReadOnlyDictionary<string, string> Attributes, bool Ended);

/// <summary>
/// The relay's one use of the client library: <see cref="AttributeWriter"/> (per-participant serialisation,
/// 409 absorption, the client's single request budget, Ensure guards fed by notifications) and the reads
/// the relay needs around it. Kept in one place so that changes to the writer's API touch one file.
/// </summary>
internal sealed class AttributeDelivery : IAsyncDisposable
{
    private readonly ParticipantDataClient _client;
    private readonly NotificationsClient? _notifications;
    private readonly AttributeWriter _writer;
    private readonly bool _ensure;
    private readonly TimeSpan _ensureFor;

    public AttributeDelivery(ParticipantDataClient client, bool ensure, TimeSpan ensureFor, TimeProvider time)
    {
        _client = client;
        _ensure = ensure;
        _ensureFor = ensureFor;
        _notifications = ensure ? new NotificationsClient(client) : null;
        // The writer takes its clock from the client (issue 11); time stays for the relay's own use.
        _ = time;
        _writer = new AttributeWriter(client, new AttributeWriterOptions(), _notifications);
    }

    public ParticipantDataClient Client => _client;

    public async Task<DeliveryResult> WriteAsync(string conversationId, string participantId, IReadOnlyDictionary<string, string> values, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var options = new WriteOptions
        {
            Deadline = deadline,
            Verify = _ensure ? VerifyMode.Ensure : VerifyMode.None,
            EnsureFor = _ensureFor,
        };
        var result = await _writer.WriteAsync(ConversationId.Parse(conversationId), ParticipantId.Parse(participantId), values, options, cancellationToken).ConfigureAwait(false);
        return new DeliveryResult(
            result.Succeeded,
            result.Outcome == WriteOutcome.Verified,
            result.FailureMessage,
            result.Attempts,
            result.ConflictsAbsorbed,
            result.ThrottlesAbsorbed,
            result.Ensured);
    }

    /// <summary>The id of the participant with that purpose (as the client selects it), or null when there is none.</summary>
    /// <exception cref="ParticipantDataException">The conversation cannot be read.</exception>
    public async Task<string?> ResolveAsync(string conversationId, string purpose, CancellationToken cancellationToken)
    {
        var conversation = await _client.GetConversationAsync(ConversationId.Parse(conversationId), cancellationToken).ConfigureAwait(false);
        return ParticipantSelector.ByPurpose(purpose).Select(conversation)?.Id.Value;
    }

    /// <summary>The participant's attributes and whether it has ended; null when the conversation has no such participant.</summary>
    /// <exception cref="ParticipantDataException">The conversation cannot be read.</exception>
    public async Task<ParticipantState?> ReadAsync(string conversationId, string participantId, CancellationToken cancellationToken)
    {
        var conversation = await _client.GetConversationAsync(ConversationId.Parse(conversationId), cancellationToken).ConfigureAwait(false);
        var participant = conversation.Participants.FirstOrDefault(p => p.Id.Value == participantId);
        return participant is null ? null : new ParticipantState(participant.Attributes, !conversation.IsActive || participant.EndTime is not null);
    }

    /// <summary>True for a refusal that retrying cannot change (a 4xx other than 408, 409, 429), as opposed to a transient failure.</summary>
    public static bool IsPermanent(ParticipantDataException e) =>
        e is GenesysApiException api && (int)api.Status is >= 400 and < 500 and not (408 or 409 or 429);

    public async ValueTask DisposeAsync()
    {
        if (_notifications is not null)
        {
            await _notifications.DisposeAsync().ConfigureAwait(false);
        }
    }
}
