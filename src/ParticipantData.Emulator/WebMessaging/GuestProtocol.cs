using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// The requests of one guest socket, one answer frame each: <c>configureSession</c>, <c>onMessage</c>,
/// <c>echo</c> and <c>getConfiguration</c> (genesys-api.md §9, architect.md §C). Bad requests get an error
/// frame (<c>code</c> 4xx, a string body saying what to fix) and the socket stays open.
/// </summary>
internal sealed class GuestProtocol(GuestHub hub, string? socketDeploymentId, TimeProvider time)
{
    private const int MaxTokenLength = 256;
    private const string Actions = "configureSession, onMessage, echo, getConfiguration";

    private GuestSession? _session;

    /// <summary>The session configured on this socket; null before <c>configureSession</c>.</summary>
    public GuestSession? Session => _session;

    /// <summary>The inbound message flow that the last message started on a new conversation; its answer waits for it.</summary>
    public Task? PendingFlow { get; private set; }

    public string Handle(JsonElement request)
    {
        PendingFlow = null;
        if (request.ValueKind != JsonValueKind.Object)
        {
            return GuestFrames.Error(400, $"A request is a JSON object with an action ({Actions}).");
        }

        var tracingId = OptionalString(request, "tracingId");
        var action = OptionalString(request, "action");
        return action switch
        {
            "configureSession" => ConfigureSession(request, tracingId),
            "onMessage" => OnMessage(request, tracingId),
            "echo" => Echo(request, tracingId),
            "getConfiguration" => GetConfiguration(request, tracingId),
            null => GuestFrames.Error(400, $"The request has no action: give one of {Actions}.", tracingId),
            _ => GuestFrames.Error(400, $"Unknown action [{action}]: the guest API takes {Actions}.", tracingId),
        };
    }

    private string ConfigureSession(JsonElement request, string? tracingId)
    {
        if (TokenProblem(request, out var token) is { } tokenProblem)
        {
            return GuestFrames.Error(400, tokenProblem, tracingId);
        }

        if (DeploymentProblem(request, out var deploymentId) is { } deploymentProblem)
        {
            return deploymentProblem.WithTracing(tracingId);
        }

        var startNew = false;
        if (request.TryGetProperty("startNew", out var startNewValue) && startNewValue.ValueKind != JsonValueKind.Null)
        {
            if (startNewValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return GuestFrames.Error(400, "startNew must be true or false.", tracingId);
            }

            startNew = startNewValue.GetBoolean();
        }

        var resumeToken = OptionalString(request, "resumeToken");
        var opening = hub.Sessions.Open(token!, deploymentId!, startNew, resumeToken);
        switch (opening.Problem)
        {
            case SessionOpeningProblem.OtherDeployment:
                return GuestFrames.Error(403, "This token already has a session on another deployment: use a new token (or startNew on that deployment).", tracingId);
            case SessionOpeningProblem.ResumeTokenUnknown:
                return GuestFrames.Error(4007, "Session not found: no session has that resumeToken. Leave resumeToken out to start a new session.", tracingId);
        }

        if (opening.Replaced is { } replaced)
        {
            hub.EndConversationOf(replaced);
        }

        _session = opening.Session;
        var body = new JsonObject
        {
            ["connected"] = true,
            ["newSession"] = opening.IsNew,
            ["readOnly"] = false,
            ["clearedExistingSession"] = opening.Replaced is not null,
            ["maxCustomDataBytes"] = hub.Settings.MaxCustomDataBytes,
        };
        return GuestFrames.Response("SessionResponse", body, tracingId);
    }

    private string OnMessage(JsonElement request, string? tracingId)
    {
        if (_session is not { } session)
        {
            return GuestFrames.Error(400, "Configure the session first: send {\"action\":\"configureSession\",\"token\":...,\"deploymentId\":...}.", tracingId);
        }

        if (!string.Equals(OptionalString(request, "token"), session.Token, StringComparison.Ordinal))
        {
            return GuestFrames.Error(403, "The token does not match the session configured on this socket: send the token of configureSession.", tracingId);
        }

        if (!request.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return GuestFrames.Error(400, "onMessage needs a message object, e.g. {\"type\":\"Text\",\"text\":\"hi\"}.", tracingId);
        }

        var type = OptionalString(message, "type");
        var text = OptionalString(message, "text");
        if (type is not ("Text" or "Event"))
        {
            return GuestFrames.Error(400, $"message.type must be Text or Event, not [{type}].", tracingId);
        }

        if (type == "Text" && string.IsNullOrEmpty(text))
        {
            return GuestFrames.Error(400, "message.text is required for a Text message (send an Event message to deliver custom attributes alone).", tracingId);
        }

        if (CustomAttributes.Read(request, message, hub.Settings.AcceptLegacyPlacement, out var problem) is not { } attributes)
        {
            return GuestFrames.Error(400, problem!, tracingId);
        }

        if (CustomAttributes.Size(attributes) > hub.Settings.MaxCustomDataBytes)
        {
            // Nothing of the message is delivered: the guest shortens the attributes and sends it again.
            return GuestFrames.SizeTooLarge(hub.Settings.MaxCustomDataBytes, tracingId);
        }

        string conversationId;
        try
        {
            (conversationId, var limitProblem, PendingFlow) = hub.Deliver(session, attributes);
            if (limitProblem is not null)
            {
                return GuestFrames.Error(400, limitProblem, tracingId);
            }
        }
        catch (ParticipantData.Emulator.Conversations.ConversationLimitException e)
        {
            return GuestFrames.Error(429, e.Message, tracingId);
        }

        var echoed = StructuredMessage(message, type, text);
        if (attributes.Count > 0)
        {
            var customAttributes = new JsonObject();
            foreach (var (key, value) in attributes)
            {
                customAttributes[key] = value;
            }

            ((JsonObject)echoed["channel"]!)["metadata"] = new JsonObject { ["customAttributes"] = customAttributes };
        }

        return GuestFrames.Message(echoed, tracingId, conversationId);
    }

    private string Echo(JsonElement request, string? tracingId)
    {
        if (_session is { } session && !string.Equals(OptionalString(request, "token"), session.Token, StringComparison.Ordinal))
        {
            return GuestFrames.Error(403, "The token does not match the session configured on this socket.", tracingId);
        }

        if (!request.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return GuestFrames.Error(400, "echo needs a message object, e.g. {\"type\":\"Text\",\"text\":\"ping\"}.", tracingId);
        }

        return GuestFrames.Response("StructuredMessage", StructuredMessage(message, OptionalString(message, "type") ?? "Text", OptionalString(message, "text")), tracingId);
    }

    private string GetConfiguration(JsonElement request, string? tracingId)
    {
        if (DeploymentProblem(request, out _) is { } problem)
        {
            return problem.WithTracing(tracingId);
        }

        var body = new JsonObject
        {
            ["allowedMedia"] = new JsonObject { ["inbound"] = new JsonObject { ["fileTypes"] = new JsonArray(), ["maxFileSizeKB"] = 0 } },
            ["blockedExtensions"] = new JsonArray(),
            ["maxCustomDataBytes"] = hub.Settings.MaxCustomDataBytes,
            ["messageRoutingEnabled"] = true,
        };
        return GuestFrames.Response("GetConfigurationResponse", body, tracingId);
    }

    /// <summary>The message as the platform hands it back: its own fields, an id, the direction and the channel's time.</summary>
    private JsonObject StructuredMessage(JsonElement message, string type, string? text)
    {
        var body = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["type"] = type,
            ["direction"] = "Inbound",
            ["originatingEntity"] = "Human",
            ["channel"] = new JsonObject
            {
                ["time"] = IsoTime.Format(time.GetUtcNow()),
                ["messageId"] = Guid.NewGuid().ToString("N"),
            },
        };
        if (text is not null)
        {
            body["text"] = text;
        }

        if (message.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            body["metadata"] = JsonNode.Parse(metadata.GetRawText());
        }

        if (message.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            body["events"] = JsonNode.Parse(events.GetRawText());
        }

        return body;
    }

    private static string? TokenProblem(JsonElement request, out string? token)
    {
        token = OptionalString(request, "token");
        if (string.IsNullOrWhiteSpace(token))
        {
            return "configureSession needs a token: a guest-chosen id (e.g. a UUID) that the guest keeps to resume the session.";
        }

        return token.Length > MaxTokenLength ? $"The token is {token.Length} characters long; at most {MaxTokenLength} are allowed." : null;
    }

    private GuestError? DeploymentProblem(JsonElement request, out string? deploymentId)
    {
        deploymentId = OptionalString(request, "deploymentId");
        if (string.IsNullOrWhiteSpace(deploymentId))
        {
            return new GuestError(400, "The request needs the deploymentId of a Messenger deployment.");
        }

        if (socketDeploymentId is not null && !string.Equals(socketDeploymentId, deploymentId, StringComparison.Ordinal))
        {
            return new GuestError(400, $"The deploymentId [{deploymentId}] differs from the socket's ?deploymentId=[{socketDeploymentId}]: use the same one.");
        }

        if (!hub.Settings.IsDeployment(deploymentId))
        {
            return new GuestError(403, $"Deployment [{deploymentId}] is not configured on this emulator. It accepts: {string.Join(", ", hub.Settings.DeploymentIds)} (add one with pdata emulator --deployment ID).");
        }

        return null;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private sealed record GuestError(int Code, string Message)
    {
        public string WithTracing(string? tracingId) => GuestFrames.Error(Code, Message, tracingId);
    }
}
