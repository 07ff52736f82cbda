namespace ParticipantData.Testing.Hostile;

/// <summary>
/// One generated request: the bytes to send on a fresh connection, and what the harness must check of it.
/// <see cref="Marker"/> is set on attribute writes: a key no other request writes, so whether it was applied
/// can be told afterwards from the conversation alone.
/// </summary>
public sealed record HostileRequest(string Description, byte[] Bytes, string Method, string Path)
{
    /// <summary>The unique attribute key this request tries to write, with its value; null when it writes nothing.</summary>
    public (string Key, string Value)? Marker { get; init; }

    /// <summary>True for <c>/oauth/token</c> itself, whose errors have the login service's shape, not an ErrorBody.</summary>
    public bool LoginShape { get; init; }
}
