namespace ParticipantData.Emulator.Conversations;

/// <summary>The media types the emulator holds conversations of.</summary>
internal enum MediaKind
{
    Call,
    Message,
    Email,
    Callback,
}

internal static class MediaKinds
{
    public static IReadOnlyList<MediaKind> All { get; } = [MediaKind.Call, MediaKind.Message, MediaKind.Email, MediaKind.Callback];

    /// <summary>The admin API's <c>mediaType</c> value.</summary>
    public static string Name(this MediaKind kind) => kind switch
    {
        MediaKind.Call => "call",
        MediaKind.Message => "message",
        MediaKind.Email => "email",
        MediaKind.Callback => "callback",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The path segment of the media-specific API (<c>/api/v2/conversations/calls/...</c>).</summary>
    public static string Segment(this MediaKind kind) => kind.Name() + "s";

    public static bool TryParse(string? name, out MediaKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string AllowedNames { get; } = string.Join(", ", All.Select(k => k.Name()));
}
