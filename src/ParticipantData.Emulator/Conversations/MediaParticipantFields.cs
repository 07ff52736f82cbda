namespace ParticipantData.Emulator.Conversations;

/// <summary>
/// The fields a media participant has in both the REST media models (<c>CallMediaParticipant</c>, ...) and the
/// media-suffixed notification topics (<c>ConversationCallEventTopicCallMediaParticipant</c>, ...), filled from a
/// snapshot in one place (<see cref="ParticipantMapping.Fill{T, TRef}"/>). <typeparamref name="TRef"/> is how
/// the two show a user or queue.
/// </summary>
internal abstract record MediaParticipantFields<TRef>
    where TRef : class
{
    public string Id { get; init; } = "";

    public string? Name { get; init; }

    public string? Address { get; init; }

    public string StartTime { get; init; } = "";

    public string? ConnectedTime { get; init; }

    public string? EndTime { get; init; }

    public string Purpose { get; init; } = "";

    public string State { get; init; } = "";

    public string Direction { get; init; } = "";

    public string? DisconnectType { get; init; }

    public bool Held { get; init; }

    public bool WrapupRequired { get; init; }

    public TRef? User { get; init; }

    public TRef? Queue { get; init; }

    public Dictionary<string, string> Attributes { get; init; } = [];
}
