namespace ParticipantData.Emulator.Conversations;

/// <summary>
/// An immutable state of a conversation. The store replaces the whole snapshot on every write, so readers
/// never lock and a later compare-and-swap on <see cref="Version"/> can detect a concurrent write.
/// </summary>
internal sealed record ConversationSnapshot(
    string Id,
    MediaKind Media,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyList<ParticipantSnapshot> Participants,
    long Version)
{
    public bool Ended => EndTime is not null;

    /// <summary>How long an external attribute write takes between reading the version and committing (0 = atomic).</summary>
    public TimeSpan WriteServiceTime { get; init; }

    public ParticipantSnapshot? FindParticipant(string participantId) =>
        Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.Ordinal));

    public EmulatedConversation ToPublic() => new(
        Id,
        Media.Name(),
        Participants.Select(p => new EmulatedParticipant(p.Id, p.Purpose, p.Name, new Dictionary<string, string>(p.Attributes, StringComparer.Ordinal))).ToList(),
        Ended);
}

/// <summary>An immutable participant: identity, addresses, times, media state and attributes.</summary>
internal sealed record ParticipantSnapshot
{
    public required string Id { get; init; }

    /// <summary>Id of the participant's media communication (the <c>calls[].id</c>, <c>messages[].id</c>, ...).</summary>
    public required string CommunicationId { get; init; }

    public required string Purpose { get; init; }

    public string? Name { get; init; }

    public string? Address { get; init; }

    public string? Ani { get; init; }

    public string? Dnis { get; init; }

    public string? UserId { get; init; }

    public string? QueueId { get; init; }

    public string? QueueName { get; init; }

    public required string Direction { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? ConnectedTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Media state: <c>alerting</c>, <c>connected</c> while live, <c>disconnected</c> after.</summary>
    public required string State { get; init; }

    public string? DisconnectType { get; init; }

    /// <summary>The call is on hold (the lifecycle's hold events).</summary>
    public bool Held { get; init; }

    /// <summary>The participant owes wrap-up (an agent after the call, in the lifecycle's wrap-up).</summary>
    public bool WrapupRequired { get; init; }

    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
}
