namespace ParticipantData.Architect.Flows;

/// <summary>
/// Where a flow's participant data lives: a file of attributes, or a conversation (live, or in the emulator).
/// <c>conversationId</c> null means the conversation the flow runs on; Get/Set Conversation Data name one explicitly.
/// </summary>
public interface IFlowParticipantData
{
    /// <summary>The participant's attributes; null when there is no such conversation.</summary>
    ValueTask<IReadOnlyDictionary<string, string>?> ReadAsync(string? conversationId, CancellationToken cancellationToken);

    /// <summary>Writes (merges) attributes; false when there is no such conversation.</summary>
    ValueTask<bool> WriteAsync(string? conversationId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken);
}

/// <summary>
/// Participant data held in memory (from an attributes file or a scenario). <see cref="ChangesDuringFlow"/> are
/// applied by the first read, as a write from outside the flow that lands while the flow runs, so the voice-flow
/// write-back (architect.md A.9) can be seen.
/// </summary>
public sealed class InMemoryParticipantData : IFlowParticipantData
{
    private readonly Dictionary<string, string> _attributes;
    private IReadOnlyDictionary<string, string>? _pending;

    /// <summary>A participant holding <paramref name="attributes"/>.</summary>
    /// <param name="attributes">The initial attributes; null for none.</param>
    /// <param name="conversationId">The conversation it belongs to; null for any.</param>
    public InMemoryParticipantData(IReadOnlyDictionary<string, string>? attributes = null, string? conversationId = null)
    {
        _attributes = new Dictionary<string, string>(attributes ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        ConversationId = conversationId;
    }

    /// <summary>The conversation id Get/Set Conversation Data must name to reach these attributes; null accepts any.</summary>
    public string? ConversationId { get; }

    /// <summary>The attributes now.</summary>
    public IReadOnlyDictionary<string, string> Attributes => _attributes;

    /// <summary>Attributes another system writes while the flow runs (applied right after the flow first reads).</summary>
    public IReadOnlyDictionary<string, string>? ChangesDuringFlow
    {
        get => _pending;
        init => _pending = value;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyDictionary<string, string>?> ReadAsync(string? conversationId, CancellationToken cancellationToken)
    {
        if (!Matches(conversationId))
        {
            return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);
        }

        var snapshot = new Dictionary<string, string>(_attributes, StringComparer.Ordinal);
        if (_pending is { } pending)
        {
            _pending = null;
            foreach (var (k, v) in pending)
            {
                _attributes[k] = v;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(snapshot);
    }

    /// <inheritdoc/>
    public ValueTask<bool> WriteAsync(string? conversationId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (!Matches(conversationId))
        {
            return ValueTask.FromResult(false);
        }

        foreach (var (k, v) in attributes)
        {
            _attributes[k] = v;
        }

        return ValueTask.FromResult(true);
    }

    private bool Matches(string? conversationId) =>
        conversationId is null || ConversationId is null || string.Equals(conversationId, ConversationId, StringComparison.OrdinalIgnoreCase);
}
