namespace ParticipantData.Relay.Store;

/// <summary>Where a write stands; spelt in lower case on the wire.</summary>
public enum WriteStatus
{
    /// <summary>Durably stored, not yet delivered.</summary>
    Queued,

    /// <summary>The platform accepted it.</summary>
    Applied,

    /// <summary>The platform accepted it and it was read back as written.</summary>
    Verified,

    /// <summary>It will not be delivered; the reason says why.</summary>
    Failed,
}

/// <summary>What was accepted: attributes to write, or an enrichment (a data action) that yields them.</summary>
public enum WriteKind
{
    Attributes,
    Enrichment,
}

internal static class WriteStatusText
{
    public static string ToWire(this WriteStatus status) => status switch
    {
        WriteStatus.Queued => "queued",
        WriteStatus.Applied => "applied",
        WriteStatus.Verified => "verified",
        _ => "failed",
    };

    public static WriteStatus Parse(string text) => text switch
    {
        "queued" => WriteStatus.Queued,
        "applied" => WriteStatus.Applied,
        "verified" => WriteStatus.Verified,
        "failed" => WriteStatus.Failed,
        _ => throw new FormatException($"Unknown write status '{text}' in the store."),
    };

    public static string ToWire(this WriteKind kind) => kind == WriteKind.Enrichment ? "enrichment" : "attributes";

    public static WriteKind ParseKind(string text) => text == "enrichment" ? WriteKind.Enrichment : WriteKind.Attributes;
}
