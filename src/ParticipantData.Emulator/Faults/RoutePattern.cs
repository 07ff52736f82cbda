namespace ParticipantData.Emulator.Faults;

/// <summary>
/// A fault rule's route: an optional method, then a path pattern whose <c>*</c> segment matches one segment
/// and whose <c>**</c> segment matches any number of segments (<c>PATCH /api/v2/conversations/*/participants/*/attributes</c>,
/// <c>/oauth/token</c>, <c>/api/**</c>).
/// </summary>
internal sealed class RoutePattern
{
    private readonly string[] _segments;

    private RoutePattern(string text, string? method, string[] segments)
    {
        Text = text;
        Method = method;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>Upper-case method, or null for any.</summary>
    public string? Method { get; }

    /// <summary>Parses <c>[METHOD ]/path/pattern</c>; null and a problem when it is not one.</summary>
    public static RoutePattern? TryParse(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        string? method = null;
        var path = trimmed;
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            method = trimmed[..space].ToUpperInvariant();
            path = trimmed[(space + 1)..].Trim();
            if (method == "*")
            {
                method = null;
            }
            else if (!method.All(char.IsAsciiLetterUpper))
            {
                problem = $"[{text}] does not start with an HTTP method: write \"PATCH /api/v2/...\" or just the path.";
                return null;
            }
        }

        if (!path.StartsWith('/') || path.Contains(' ', StringComparison.Ordinal))
        {
            problem = $"[{text}] is not a route: write an optional method and a path starting with /, e.g. \"PATCH /api/v2/conversations/*/participants/*/attributes\" or \"/api/**\".";
            return null;
        }

        return new RoutePattern(method is null ? path : method + " " + path, method, Split(path));
    }

    public bool Matches(string method, string[] pathSegments) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && Glob(_segments, 0, pathSegments, 0, StringComparison.Ordinal);

    /// <summary>
    /// True when the route can match the notification WebSocket <c>GET /channels/{channelId}</c>: a socket
    /// rule's route (<c>/channels/*</c>, <c>/channels/&lt;one channel id&gt;</c>, <c>/**</c>).
    /// </summary>
    public bool CanMatchSocket =>
        (Method is null || Method == "GET")
        && (Matches("GET", ["channels", "any-channel-id"]) || (_segments.Length == 2 && _segments[0] == "channels" && _segments[1].Length > 0));

    public static string[] Split(string path) => path.TrimStart('/').Split('/');

    /// <summary>
    /// Segment glob: <c>*</c> matches one non-empty segment, <c>**</c> any number of segments. Greedy with
    /// backtracking to the last <c>**</c> only, so a match takes at most pattern × path steps however many
    /// <c>**</c> there are (every request waits on it).
    /// </summary>
    internal static bool Glob(string[] pattern, int p, string[] value, int s, StringComparison comparison)
    {
        var starPattern = -1;
        var starValue = -1;
        while (s < value.Length)
        {
            if (p < pattern.Length && pattern[p] == "**")
            {
                starPattern = p++;
                starValue = s;
            }
            else if (p < pattern.Length && SegmentMatches(pattern[p], value[s], comparison))
            {
                p++;
                s++;
            }
            else if (starPattern >= 0)
            {
                // Let the last ** take one more segment and try the rest again from there.
                p = starPattern + 1;
                s = ++starValue;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == "**")
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool SegmentMatches(string pattern, string segment, StringComparison comparison) =>
        pattern == "*" ? segment.Length > 0 : string.Equals(pattern, segment, comparison);
}
