namespace ParticipantData.Emulator.Journal;

/// <summary>One recorded API or login request, secrets already taken out.</summary>
internal sealed record JournalEntry
{
    public required string Time { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public string? Query { get; init; }

    public required int Status { get; init; }

    public string? ClientId { get; init; }

    public required string CorrelationId { get; init; }

    public required Dictionary<string, string> RequestHeaders { get; init; }

    public string? RequestBody { get; init; }

    public string? ResponseBody { get; init; }

    /// <summary>How the emulator understood the request, when that is worth knowing (e.g. a <c>scope</c> that decides nothing).</summary>
    public string? Note { get; init; }
}

/// <summary>The admin API's listing: <c>{"entities": [...]}</c>, oldest first.</summary>
internal sealed record JournalListing(List<JournalEntry> Entities);
