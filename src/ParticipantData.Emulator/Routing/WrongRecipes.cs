namespace ParticipantData.Emulator.Routing;

/// <summary>
/// What to call instead, for the requests that follow the popular wrong recipes (forum posts, tutorials). The
/// platform answers them with an error; the emulator answers the same status and code, and its message adds the
/// right call, so that the CLI, the client and any SDK show it.
/// </summary>
internal static class WrongRecipes
{
    public const string AttributesPatch =
        "Participant attributes are written with PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes " +
        "and the body {\"attributes\": {\"key\": \"value\"}} (a merge; values are strings).";

    public const string FlatMap =
        "Genesys Cloud has no 'custom' or 'system' attribute namespace: participant attributes are one flat map of string names to string values, " +
        "e.g. {\"attributes\": {\"loyalty_tier\": \"gold\"}}.";

    public const string GuestParticipant =
        "There is no participant called 'guest': participant ids are UUIDs. The web-messaging guest (or caller) is the participant whose purpose is " +
        "customer; read its id from GET /api/v2/conversations/{conversationId} (pdata: attributes set <conversationId> --purpose customer).";

    /// <summary>The advice for a request no route matches; null when it follows no known recipe.</summary>
    public static string? ForUnknownRoute(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length >= 2 && segments[0] == "v2")
        {
            // "PUT /v2/conversations/{id}/participants/{pid}": the /api prefix is missing (and PUT is not the verb).
            return $"API paths start with /api/v2, not /v2. " + (ForUnknownRoute(method, "/api" + path) ?? $"Did you mean {method} /api{path}?");
        }

        if (segments.Length < 4 || segments[0] != "api" || segments[1] != "v2" || segments[2] != "conversations")
        {
            return null;
        }

        var media = segments[3];
        if (media is "webchat" or "webchats" or "chats" or "chat")
        {
            return $"Web chat (/{media}/) was removed from the platform; web messaging uses the messages media form: " +
                "GET /api/v2/conversations/messages/{conversationId} and PATCH /api/v2/conversations/messages/{conversationId}/participants/{participantId}/attributes " +
                "(or the generic /api/v2/conversations/{conversationId}/...).";
        }

        if (media is "voice" or "phone")
        {
            return "Voice conversations are the calls media form: /api/v2/conversations/calls/{conversationId}.";
        }

        var rest = segments.Skip(4).ToArray();
        return (method.ToUpperInvariant(), rest) switch
        {
            ("PATCH" or "PUT" or "POST", []) =>
                $"There is no {method.ToUpperInvariant()} /api/v2/conversations/{{conversationId}} (a participants array in it is not read). " + AttributesPatch,
            ("PUT" or "POST", ["participants", _]) or ("PUT" or "POST", ["participants", _, "attributes"]) =>
                $"Participant attributes are not written with {method.ToUpperInvariant()}. " + AttributesPatch,
            (_, ["participants"]) or (_, ["attributes"]) => AttributesPatch,
            _ => null,
        };
    }
}
