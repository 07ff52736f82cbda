using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ParticipantData.Emulator.Tests.Conformance;

/// <summary>
/// The swagger 2.0 subset in spec/ (a copy of the team's reference file, see spec/README.md), and a checker that every property an emulator response
/// holds is declared in the response schema (or in the allow-list of documented newer fields) with the
/// declared JSON type.
/// </summary>
internal sealed class OpenApiSpec
{
    private static readonly Lazy<OpenApiSpec> Shared = new(() => new OpenApiSpec(JsonNode.Parse(File.ReadAllText(Locate()))!.AsObject()));

    /// <summary>Definitions newer than the 2018 subset, from genesys-api.md §2.4 / §4 (DN 270.0.0 models).</summary>
    private static readonly JsonObject NewerDefinitions = JsonNode.Parse("""
        {
          "DomainEntityRef": {"type": "object", "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "selfUri": {"type": "string", "format": "uri"}}},
          "ConversationDivisionMembership": {"type": "object", "properties": {
            "division": {"$ref": "#/definitions/DomainEntityRef"},
            "entities": {"type": "array", "items": {"$ref": "#/definitions/DomainEntityRef"}}}},
          "Limit": {"type": "object", "properties": {
            "namespace": {"type": "string"}, "key": {"type": "string"}, "value": {"type": "integer", "format": "int64"}}}
        }
        """)!.AsObject();

    /// <summary>Properties added after 2018 (genesys-api.md §2.4): definition.property → schema.</summary>
    private static readonly Dictionary<string, JsonNode> NewerProperties = new()
    {
        ["Conversation.divisions"] = JsonNode.Parse("""{"type": "array", "items": {"$ref": "#/definitions/ConversationDivisionMembership"}}""")!,
        ["ErrorBody.limit"] = JsonNode.Parse("""{"$ref": "#/definitions/Limit"}""")!,
        // genesys-api.md §6 (DN NotificationsApi / Channel, ChannelTopic models).
        ["Channel.expires"] = JsonNode.Parse("""{"type": "string", "format": "date-time"}""")!,
        ["ChannelTopic.state"] = JsonNode.Parse("""{"type": "string", "enum": ["Permitted", "Rejected"]}""")!,
        ["ChannelTopic.rejectionReason"] = JsonNode.Parse("""{"type": "string"}""")!,
        ["ChannelTopic.missingPermissions"] = JsonNode.Parse("""{"type": "array", "items": {"type": "string"}}""")!,
    };

    /// <summary>Operations newer than the 2018 subset (genesys-api.md §6: HEAD of a channel is in DN, not in SPEC18).</summary>
    private static readonly (string Method, string Template)[] NewerOperations =
    [
        ("HEAD", "/api/v2/notifications/channels/{channelId}"),
    ];

    /// <summary>Enum values added after 2018 (genesys-api.md §2.3: MessageMediaParticipant.type).</summary>
    private static readonly Dictionary<string, string[]> NewerEnumValues = new()
    {
        ["Message.type"] = ["webmessaging"],
        ["MessageMediaParticipant.type"] = ["webmessaging"],
    };

    private readonly JsonObject _root;

    private OpenApiSpec(JsonObject root) => _root = root;

    public static OpenApiSpec Load() => Shared.Value;

    /// <summary>The copy in the repository's spec/ folder, which the test project puts next to its assembly (spec/README.md says where it comes from).</summary>
    public static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "genesys-openapi-subset.json");
        return File.Exists(path) ? path : throw new FileNotFoundException("The OpenAPI subset was not copied next to the test assembly (see spec/README.md).", path);
    }

    public IEnumerable<(string Method, string Template)> Operations =>
        _root["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key != "parameters")
            .Select(op => (op.Key.ToUpperInvariant(), path.Key)))
        .Concat(NewerOperations);

    /// <summary>The spec's template for a concrete path and method (literal segments preferred); null when none.</summary>
    public string? FindTemplate(string method, string path)
    {
        var segments = path.Split('?')[0].TrimStart('/').Split('/');
        return Operations
            .Where(op => op.Method == method)
            .Select(op => op.Template)
            .Where(template =>
            {
                var parts = template.TrimStart('/').Split('/');
                return parts.Length == segments.Length
                    && parts.Zip(segments).All(p => p.First.StartsWith('{') || p.First == p.Second);
            })
            .OrderByDescending(template => template.Split('/').Count(s => !s.StartsWith('{')))
            .FirstOrDefault();
    }

    /// <summary>Checks one response; returns the failures, each naming the operation, the JSON path and the problem.</summary>
    public List<string> Check(string method, string path, int status, string body, string? undocumentedBodySchema = null)
    {
        var failures = new List<string>();
        var template = FindTemplate(method, path);
        if (template is null)
        {
            failures.Add($"{method} {path}: no operation in the spec");
            return failures;
        }

        var operationName = $"{method} {template} -> {status}";
        var response = _root["paths"]![template]![method.ToLowerInvariant()]!["responses"]![status.ToString(CultureInfo.InvariantCulture)];
        if (response is null)
        {
            failures.Add($"{operationName}: status {status} is not documented for the operation");
            return failures;
        }

        var schema = response["schema"] ?? (undocumentedBodySchema is null ? null : JsonNode.Parse($$"""{"$ref": "#/definitions/{{undocumentedBodySchema}}"}"""));
        if (schema is null)
        {
            if (body.Length > 0)
            {
                failures.Add($"{operationName}: $: the spec has no response body but the emulator sent {body}");
            }

            return failures;
        }

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            failures.Add($"{operationName}: $: body is not JSON ({ex.Message}): {body}");
            return failures;
        }

        CheckValue(value, schema, "$", owner: null, property: null, operationName, failures);
        return failures;
    }

    private void CheckValue(JsonNode? value, JsonNode schema, string at, string? owner, string? property, string operation, List<string> failures)
    {
        var (resolved, definition) = Resolve(schema);
        if (value is null)
        {
            failures.Add($"{operation}: {at}: null is sent although the platform omits null properties");
            return;
        }

        var type = resolved["type"]?.GetValue<string>() ?? (resolved["properties"] is not null ? "object" : null);
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    failures.Add($"{operation}: {at}: expected an object, got {value.GetValueKind()}");
                    return;
                }

                var properties = resolved["properties"]?.AsObject();
                var additional = resolved["additionalProperties"];
                foreach (var (name, child) in obj)
                {
                    var childAt = at + "." + name;
                    if (properties?[name] is { } declared)
                    {
                        CheckValue(child, declared, childAt, definition, name, operation, failures);
                    }
                    else if (definition is not null && NewerProperties.TryGetValue(definition + "." + name, out var newer))
                    {
                        CheckValue(child, newer, childAt, definition, name, operation, failures);
                    }
                    else if (additional is JsonObject additionalSchema)
                    {
                        CheckValue(child, additionalSchema, childAt, definition, name, operation, failures);
                    }
                    else
                    {
                        failures.Add($"{operation}: {childAt}: property [{name}] is not declared in {definition ?? "the schema"}");
                    }
                }

                return;
            case "array":
                if (value is not JsonArray array)
                {
                    failures.Add($"{operation}: {at}: expected an array, got {value.GetValueKind()}");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(array[i], resolved["items"]!, $"{at}[{i}]", owner, property, operation, failures);
                }

                return;
            case "string":
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    failures.Add($"{operation}: {at}: expected a string, got {value.GetValueKind()}");
                    return;
                }

                CheckString(value.GetValue<string>(), resolved, at, owner, property, operation, failures);
                return;
            case "integer":
                if (value.GetValueKind() != JsonValueKind.Number || !long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"{operation}: {at}: expected an integer, got {value.ToJsonString()}");
                }

                return;
            case "number":
                if (value.GetValueKind() != JsonValueKind.Number)
                {
                    failures.Add($"{operation}: {at}: expected a number, got {value.GetValueKind()}");
                }

                return;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    failures.Add($"{operation}: {at}: expected a boolean, got {value.GetValueKind()}");
                }

                return;
            default:
                failures.Add($"{operation}: {at}: the schema has no type the checker knows ({resolved.ToJsonString()})");
                return;
        }
    }

    private static void CheckString(string text, JsonNode schema, string at, string? owner, string? property, string operation, List<string> failures)
    {
        if (schema["format"]?.GetValue<string>() == "date-time"
            && !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failures.Add($"{operation}: {at}: [{text}] is not an ISO-8601 date-time (yyyy-MM-ddTHH:mm:ss.SSSZ)");
        }

        if (schema["enum"] is JsonArray values)
        {
            var allowed = values.Select(v => v!.GetValue<string>())
                .Concat(owner is not null && property is not null && NewerEnumValues.TryGetValue(owner + "." + property, out var newer) ? newer : [])
                .ToList();
            if (!allowed.Contains(text))
            {
                failures.Add($"{operation}: {at}: [{text}] is not one of the declared values {string.Join(", ", allowed)}");
            }
        }
    }

    private (JsonNode Schema, string? Definition) Resolve(JsonNode schema)
    {
        string? name = null;
        while (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            const string Prefix = "#/definitions/";
            name = reference.StartsWith(Prefix, StringComparison.Ordinal)
                ? reference[Prefix.Length..]
                : throw new InvalidOperationException("Unsupported $ref " + reference);
            schema = _root["definitions"]![name] ?? NewerDefinitions[name]
                ?? throw new InvalidOperationException("Unknown definition " + name);
        }

        return (schema, name);
    }
}
