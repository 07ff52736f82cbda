using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Architect.DataActions;
using ParticipantData.Architect.Routing;

namespace ParticipantData.Architect.Flows;

// The actions that reach outside the flow: participant data and data actions.
internal sealed partial class FlowRunner
{
    private static readonly TimeSpan DefaultDataActionTimeout = TimeSpan.FromSeconds(60);

    private async ValueTask<Signal> GetDataAsync(GetDataAction get, FlowTask task, CancellationToken cancellationToken)
    {
        var conversationId = get.ConversationId is { } id ? EvaluateText(id, get, task, "conversationId") : null;
        IReadOnlyDictionary<string, string>? source;
        if (conversationId is null && _flow.IsVoice)
        {
            // A voice flow reads its own copy, taken when it first reads, and writes it back when it ends (A.9).
            if (_flowCopy is null)
            {
                var read = await _input.ParticipantData.ReadAsync(null, cancellationToken).ConfigureAwait(false);
                _flowCopy = new Dictionary<string, string>(read ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            }

            source = _flowCopy;
        }
        else
        {
            source = await _input.ParticipantData.ReadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }

        if (source is null)
        {
            Step(get, task, get.Outputs.ContainsKey("failure") ? "failure" : "notFound", note: $"no conversation {conversationId}");
            return await RunListAsync(Path(get.Outputs, "failure", "notFound"), task, cancellationToken).ConfigureAwait(false);
        }

        var changes = new List<VariableChange>();
        var reads = new List<AttributeAccess>();
        foreach (var pair in get.Attributes)
        {
            var name = EvaluateText(pair.Name, get, task, "the attribute name");
            var type = _flow.Types.TryGetType(pair.Variable, out var declared) ? declared : ArchitectType.String;
            var found = source.TryGetValue(name, out var text);
            reads.Add(new AttributeAccess(name, found ? text : null));
            if (conversationId is null)
            {
                _readNames.Add(name);
            }

            var value = found ? ArchitectValue.String(text!)
                : _input.MissingAttribute == MissingAttributeBehavior.Empty ? ArchitectValue.String("")
                : ArchitectValue.NotSet(type);
            Assign(pair.Variable, value, changes);
        }

        var path = get.Outputs.Count == 0 ? null : get.Outputs.ContainsKey("found") ? "found" : "success";
        Step(get, task, path, changes, reads);
        return await RunListAsync(Path(get.Outputs, "found", "success"), task, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Signal> SetDataAsync(SetDataAction set, FlowTask task, CancellationToken cancellationToken)
    {
        var conversationId = set.ConversationId is { } id ? EvaluateText(id, set, task, "conversationId") : null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var writes = new List<AttributeAccess>();
        foreach (var pair in set.Attributes)
        {
            var name = EvaluateText(pair.Name, set, task, "the attribute name");
            var value = Evaluate(pair.Value, set, task);
            // NOT_SET is written as the empty string (assumption: docs/architect.md, Flows).
            var text = value.IsSet ? value.AsString() : "";
            values[name] = text;
            writes.Add(new AttributeAccess(name, text));
        }

        var written = await _input.ParticipantData.WriteAsync(conversationId, values, cancellationToken).ConfigureAwait(false);
        if (written && conversationId is null && _flowCopy is not null)
        {
            foreach (var (name, text) in values)
            {
                _flowCopy[name] = text;
            }
        }

        if (!written)
        {
            Step(set, task, "failure", note: $"no conversation {conversationId}");
            return await RunListAsync(Path(set.Outputs, "failure"), task, cancellationToken).ConfigureAwait(false);
        }

        Step(set, task, set.Outputs.Count == 0 ? null : "success", written: writes);
        return await RunListAsync(Path(set.Outputs, "success"), task, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Signal> CallDataAsync(CallDataAction call, FlowTask task, CancellationToken cancellationToken)
    {
        var inputs = new JsonObject();
        foreach (var (name, value) in call.Inputs)
        {
            if (Evaluate(value, call, task) is { IsSet: true } v)
            {
                inputs[name] = ToJson(v);
            }
        }

        _dataActions.TryGet(call.ActionName, out var definition);
        var timeout = call.Timeout is { } t && Evaluate(t, call, task) is { IsSet: true } tv ? tv.AsDuration()
            : definition?.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds)
            : DefaultDataActionTimeout;
        DataActionRequest? request = null;
        if (definition is not null)
        {
            try
            {
                request = definition.BuildRequest(inputs);
            }
            catch (DataActionException e)
            {
                return await DataActionFailedAsync(call, task, 400, "invalid.input", e.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_input.DataActions is null)
        {
            throw new FlowFault(call, task, $"the data action '{call.ActionName}' has no endpoint: give its response in a scenario, or run it against its real endpoint");
        }

        DataActionResponse response;
        try
        {
            response = await _input.DataActions.SendAsync(call.ActionName, request, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new FlowFault(call, task, e.Message);
        }

        if (response.TimedOut)
        {
            Step(call, task, "timeout", note: string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.###} s"));
            return await RunListAsync(call.TimedOut, task, cancellationToken).ConfigureAwait(false);
        }

        if (!response.IsSuccess)
        {
            return await DataActionFailedAsync(call, task, response.Status, null, response.Body, cancellationToken).ConfigureAwait(false);
        }

        JsonNode? output;
        try
        {
            output = definition is not null ? definition.TranslateResponse(response.Body) : JsonNode.Parse(response.Body);
        }
        catch (Exception e) when (e is DataActionException or JsonException)
        {
            return await DataActionFailedAsync(call, task, 500, "response.translation", e.Message, cancellationToken).ConfigureAwait(false);
        }

        var changes = new List<VariableChange>();
        foreach (var o in call.SuccessOutputs)
        {
            Assign(o.Variable, FromJson(Lookup(output, o.Output), o.Variable, call, task), changes);
        }

        Step(call, task, "success", changes, note: definition is null ? "no definition loaded: the response body is taken as the action's output" : null);
        return await RunListAsync(call.Success, task, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Signal> DataActionFailedAsync(CallDataAction call, FlowTask task, int status, string? code, string body, CancellationToken cancellationToken)
    {
        var error = ErrorOutputs(status, code, body);
        var changes = new List<VariableChange>();
        foreach (var o in call.FailureOutputs)
        {
            Assign(o.Variable, FromJson(Lookup(error, o.Output), o.Variable, call, task), changes);
        }

        Step(call, task, "failure", changes, note: string.Create(CultureInfo.InvariantCulture, $"status {status}: {error["userMessage"]}"));
        return await RunListAsync(call.Failure, task, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The failure outputs Genesys gives a flow (architect.md B.6), read from an error body in the platform's shape
    /// (<c>code</c>, <c>status</c>, <c>message</c>, <c>contextId</c>, <c>details[]</c>) where the answer is one.
    /// </summary>
    private static JsonObject ErrorOutputs(int status, string? code, string body)
    {
        JsonObject? answer = null;
        try
        {
            answer = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON: the body becomes the user message.
        }

        string? Text(string name) => answer?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var error = new JsonObject
        {
            ["errorCode"] = code ?? Text("code") ?? Text("errorCode") ?? string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"),
            ["status"] = status,
            ["correlationId"] = Text("contextId") ?? Text("correlationId"),
            ["entityId"] = Text("entityId"),
            ["entityName"] = Text("entityName"),
            ["userMessage"] = Text("message") ?? Text("userMessage") ?? (answer is null && body.Length > 0 ? body : string.Create(CultureInfo.InvariantCulture, $"the endpoint answered {status}")),
            ["userParamsMessage"] = Text("userParamsMessage"),
        };
        if (answer?["details"] is JsonArray { Count: > 0 } details)
        {
            error["details"] = details[0]?.DeepClone();
        }

        if (answer?["userParams"] is JsonArray { Count: > 0 } userParams)
        {
            error["userParams"] = userParams[0]?.DeepClone();
        }

        return error;
    }

    /// <summary>A flattened output name (<c>details.errorCode</c>) in the resolved response; the first item of an array on the way.</summary>
    private static JsonNode? Lookup(JsonNode? node, string flattened)
    {
        foreach (var part in flattened.Split('.'))
        {
            if (node is JsonArray array)
            {
                node = array.Count > 0 ? array[0] : null;
            }

            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    private ArchitectValue FromJson(JsonNode? node, string variable, FlowAction action, FlowTask task)
    {
        var type = _flow.Types.TryGetType(variable, out var declared) ? declared : ArchitectType.String;
        if (node is null)
        {
            // An output absent from the response leaves its variable NOT_SET (assumption: docs/architect.md, Flows).
            return ArchitectValue.NotSet(type);
        }

        if (type.IsCollection)
        {
            var items = node is JsonArray array ? array : new JsonArray(node.DeepClone());
            return ArchitectValue.Collection(type.ElementType!, items.Select(i => FromJson(i, type.ElementType!, action, task)).Where(v => v.IsSet));
        }

        return FromJson(node, type, action, task);
    }

    private static ArchitectValue FromJson(JsonNode? node, ArchitectType type, FlowAction action, FlowTask task)
    {
        if (node is null)
        {
            return ArchitectValue.NotSet(type);
        }

        if (type.Kind == ArchitectTypeKind.String)
        {
            return ArchitectValue.String(node is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : node.ToJsonString());
        }

        var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
        return VariableAssignments.TryParseValue(text, type, out var value, out var error)
            ? value
            : throw new FlowFault(action, task, $"the output {text} cannot be {type.WithArticle}: {error}");
    }

    private static JsonNode? ToJson(ArchitectValue value) => value.Type.Kind switch
    {
        ArchitectTypeKind.String => JsonValue.Create(value.AsString()),
        ArchitectTypeKind.Integer => JsonValue.Create(value.AsInteger()),
        ArchitectTypeKind.Decimal => JsonValue.Create(value.AsDecimal()),
        ArchitectTypeKind.Boolean => JsonValue.Create(value.AsBoolean()),
        ArchitectTypeKind.Json => JsonNode.Parse(value.AsJson().GetRawText()),
        ArchitectTypeKind.Collection => new JsonArray(value.AsCollection().Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static FlowAction[] Path(IReadOnlyDictionary<string, FlowAction[]> outputs, params string[] names)
    {
        foreach (var name in names)
        {
            if (outputs.TryGetValue(name, out var actions))
            {
                return actions;
            }
        }

        return [];
    }
}
