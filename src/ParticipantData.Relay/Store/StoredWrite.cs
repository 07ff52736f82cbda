namespace ParticipantData.Relay.Store;

/// <summary>A write as accepted, before it is stored.</summary>
public sealed record NewWrite
{
    public required WriteId Id { get; init; }

    public required WriteKind Kind { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The participant by id; or null when <see cref="Purpose"/> names it.</summary>
    public string? ParticipantId { get; init; }

    public string? Purpose { get; init; }

    /// <summary>The attributes to merge (for an enrichment: null until its data action has run).</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>For an enrichment: the configured source's name.</summary>
    public string? Source { get; init; }

    /// <summary>For an enrichment: the data action's inputs, as a JSON object.</summary>
    public string? InputsJson { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>A hash of the request, to tell a retry (same body) from a reuse of the key (another body).</summary>
    public required string RequestHash { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    public required DateTimeOffset DeadlineAt { get; init; }
}

/// <summary>A write as the store holds it now.</summary>
public sealed record StoredWrite
{
    /// <summary>Acceptance order across the whole store (ascending, gaps allowed).</summary>
    public required long Sequence { get; init; }

    public required NewWrite Accepted { get; init; }

    public WriteId Id => Accepted.Id;

    public required WriteStatus Status { get; init; }

    public string? Reason { get; init; }

    /// <summary>The attributes to write (an enrichment's once resolved).</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public int Attempts { get; init; }

    public int ConflictsAbsorbed { get; init; }

    public int ThrottlesAbsorbed { get; init; }

    /// <summary>Logical writes that went out in the same platform request as this one.</summary>
    public int CoalescedWrites { get; init; }

    /// <summary>A delivery had started when the relay last stopped (it may or may not have reached the platform).</summary>
    public bool Delivering { get; init; }

    public bool Guarded { get; init; }

    /// <summary>The participant id written to (resolved from the purpose when given so).</summary>
    public string? DeliveredParticipantId { get; init; }

    /// <summary>For a failed enrichment: the HTTP status the external endpoint answered.</summary>
    public int? EndpointStatus { get; init; }

    /// <summary>For a failed enrichment: the start of the endpoint's answer.</summary>
    public string? EndpointBody { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>How a delivery ended for one write.</summary>
public sealed record WriteCompletion
{
    public required WriteId Id { get; init; }

    public required WriteStatus Status { get; init; }

    public string? Reason { get; init; }

    public int Attempts { get; init; }

    public int ConflictsAbsorbed { get; init; }

    public int ThrottlesAbsorbed { get; init; }

    public int CoalescedWrites { get; init; } = 1;

    public bool Guarded { get; init; }

    public string? DeliveredParticipantId { get; init; }

    public int? EndpointStatus { get; init; }

    public string? EndpointBody { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>The answer to <see cref="IRelayStore.AcceptAsync"/>.</summary>
public enum AcceptOutcome
{
    /// <summary>Stored now.</summary>
    Created,

    /// <summary>The idempotency key was seen with the same request: the earlier write is returned.</summary>
    Duplicate,

    /// <summary>The idempotency key was seen with another request: nothing stored.</summary>
    KeyReused,
}

/// <summary>The result of an accept: what happened and the write the key names.</summary>
public sealed record AcceptResult(AcceptOutcome Outcome, StoredWrite Write);

/// <summary>Queue depth and age, for metrics.</summary>
public sealed record QueueStatistics(int Queued, DateTimeOffset? OldestQueuedAt, IReadOnlyDictionary<WriteStatus, int> ByStatus);
