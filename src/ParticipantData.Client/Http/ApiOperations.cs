namespace ParticipantData.Client.Http;

/// <summary>
/// Every platform operation the client calls, with its path template as genesys-api.md spells it. An error names
/// the operation by its template (<c>PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes</c>),
/// never by the ids in it; <c>{media}</c> is the one placeholder a name shows filled in, because the media route is
/// part of what was called.
/// </summary>
internal static class ApiOperations
{
    public static readonly ApiOperation GetConversation = new(HttpMethod.Get, "/api/v2/conversations/{conversationId}");
    public static readonly ApiOperation GetMediaConversation = new(HttpMethod.Get, "/api/v2/conversations/{media}/{conversationId}");
    public static readonly ApiOperation DisconnectMediaConversation = new(HttpMethod.Patch, "/api/v2/conversations/{media}/{conversationId}");
    public static readonly ApiOperation PatchAttributes = new(HttpMethod.Patch, "/api/v2/conversations/{conversationId}/participants/{participantId}/attributes");
    public static readonly ApiOperation PatchMediaAttributes = new(HttpMethod.Patch, "/api/v2/conversations/{media}/{conversationId}/participants/{participantId}/attributes");
    public static readonly ApiOperation UpdateParticipant = new(HttpMethod.Patch, "/api/v2/conversations/{conversationId}/participants/{participantId}");
    public static readonly ApiOperation UpdateMediaParticipant = new(HttpMethod.Patch, "/api/v2/conversations/{media}/{conversationId}/participants/{participantId}");
    public static readonly ApiOperation GetAvailableTopics = new(HttpMethod.Get, "/api/v2/notifications/availabletopics", "?expand=description,requiresPermissions");
    public static readonly ApiOperation CreateChannel = new(HttpMethod.Post, "/api/v2/notifications/channels");
    public static readonly ApiOperation HeadChannel = new(HttpMethod.Head, "/api/v2/notifications/channels/{channelId}");
    public static readonly ApiOperation PutChannelSubscriptions = new(HttpMethod.Put, "/api/v2/notifications/channels/{channelId}/subscriptions");
}

/// <summary>One platform operation: its method and path template, and a fixed query where it has one.</summary>
internal sealed class ApiOperation(HttpMethod method, string template, string query = "")
{
    private const string MediaPlaceholder = "{media}";

    public HttpMethod Method { get; } = method;

    public string Template { get; } = template;

    /// <summary>How errors and logs name it: <c>METHOD template</c>.</summary>
    public string Name { get; } = $"{method.Method} {template}";

    /// <summary>The request for these placeholder values, in the template's order (each escaped as a path segment).</summary>
    public ApiRequest Request(params ReadOnlySpan<string> values)
    {
        var path = new System.Text.StringBuilder(Template.Length + 64);
        var name = new System.Text.StringBuilder(Name.Length).Append(Method.Method).Append(' ');
        var next = 0;
        var at = 0;
        while (Template.IndexOf('{', at) is var open and >= 0)
        {
            var close = Template.IndexOf('}', open);
            var placeholder = Template.AsSpan(open, close - open + 1);
            if (next >= values.Length)
            {
                throw new ArgumentException($"{Name} needs a value for {placeholder}.", nameof(values));
            }

            var value = Uri.EscapeDataString(values[next++]);
            path.Append(Template, at, open - at).Append(value);
            name.Append(Template, at, open - at).Append(placeholder.SequenceEqual(MediaPlaceholder) ? value : placeholder);
            at = close + 1;
        }

        path.Append(Template, at, Template.Length - at).Append(query);
        name.Append(Template, at, Template.Length - at);
        return new ApiRequest(Method, path.ToString(), name.ToString());
    }
}

/// <summary>A platform request ready to send: method, path (and query) relative to the API URL, and the operation's name for errors.</summary>
internal readonly record struct ApiRequest(HttpMethod Method, string Path, string Operation);
