namespace ParticipantData.Emulator.Faults;

/// <summary>
/// A socket rule's <c>topic</c>: a notification topic whose dot-separated segments may be <c>*</c> (one
/// segment) or <c>**</c> (any number), e.g. <c>v2.detail.events.conversation.*.attributes</c>,
/// <c>channel.metadata</c> (heartbeats and pongs) or <c>v2.**</c>. Case-insensitive, as topics are.
/// </summary>
internal sealed class TopicPattern
{
    private readonly string[] _segments;

    private TopicPattern(string text)
    {
        Text = text;
        _segments = text.Split('.');
    }

    public string Text { get; }

    /// <summary>Parses a topic pattern; null and a problem when it is not one.</summary>
    public static TopicPattern? TryParse(string text, out string? problem)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Any(char.IsWhiteSpace) || trimmed.Split('.').Any(s => s.Length == 0))
        {
            problem = $"[{text}] is not a topic pattern: write dot-separated segments, * for one segment and ** for any number, e.g. \"v2.detail.events.conversation.*.attributes\" or \"channel.metadata\"";
            return null;
        }

        problem = null;
        return new TopicPattern(trimmed);
    }

    public bool Matches(string topic) => RoutePattern.Glob(_segments, 0, topic.Split('.'), 0, StringComparison.OrdinalIgnoreCase);
}
