namespace ParticipantData.Emulator.Routing;

/// <summary>A path template such as <c>/api/v2/conversations/{conversationId}</c>: literal and <c>{name}</c> segments.</summary>
internal sealed class RouteTemplate
{
    private readonly string[] _segments;

    public RouteTemplate(string template)
    {
        Text = template;
        _segments = template.TrimStart('/').Split('/');
        LiteralCount = _segments.Count(s => !IsParameter(s));
    }

    public string Text { get; }

    /// <summary>More literal segments = more specific: <c>/calls/{id}</c> wins over <c>/{id}/...</c>.</summary>
    public int LiteralCount { get; }

    public bool TryMatch(string[] pathSegments, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pathSegments.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            if (IsParameter(segment))
            {
                if (pathSegments[i].Length == 0)
                {
                    return false;
                }

                values[segment[1..^1]] = pathSegments[i];
            }
            else if (!string.Equals(segment, pathSegments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static string[] Split(string path) => path.TrimStart('/').Split('/');

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
}
