using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ParticipantData.Architect.DataActions;

/// <summary>
/// A Genesys Cloud data action, read from the JSON that Genesys exports (architect.md §B.1), and run offline:
/// <see cref="BuildRequest"/> validates the inputs against the contract and renders the request templates
/// (Velocity), <see cref="TranslateResponse"/> turns the endpoint's answer into the action's output
/// (translation map with defaults, success template, success schema). Sending the request is the caller's
/// part, so that every caller keeps its own HTTP, timeouts and retries.
/// </summary>
public sealed class DataAction
{
    private const string DefaultRequestTemplate = "${input.rawRequest}";
    private const string DefaultSuccessTemplate = "${rawResult}";
    private static readonly string[] Methods = ["GET", "PUT", "POST", "PATCH", "DELETE"];

    private DataAction(JsonObject definition)
    {
        Definition = definition;
        var config = definition["config"] as JsonObject ?? throw Invalid("config is missing: a data action definition has config.request and config.response.");
        var request = config["request"] as JsonObject ?? throw Invalid("config.request is missing.");
        var response = config["response"] as JsonObject;
        Name = Text(definition, "name") ?? "(unnamed data action)";
        RequestUrlTemplate = Text(request, "requestUrlTemplate") ?? throw Invalid("config.request.requestUrlTemplate is missing.");
        RequestType = (Text(request, "requestType") ?? throw Invalid("config.request.requestType is missing (GET, PUT, POST, PATCH or DELETE).")).ToUpperInvariant();
        if (!Methods.Contains(RequestType, StringComparer.Ordinal))
        {
            throw Invalid($"config.request.requestType '{RequestType}' is not one of {string.Join(", ", Methods)}.");
        }

        Headers = StringMap(request, "headers", "config.request.headers");
        RequestTemplate = Text(request, "requestTemplate") ?? DefaultRequestTemplate;
        TranslationMap = response is null ? new Dictionary<string, string>() : StringMap(response, "translationMap", "config.response.translationMap");
        TranslationMapDefaults = response is null ? new Dictionary<string, string>() : StringMap(response, "translationMapDefaults", "config.response.translationMapDefaults");
        SuccessTemplate = (response is null ? null : Text(response, "successTemplate")) ?? DefaultSuccessTemplate;
        InputSchema = definition["contract"]?["input"]?["inputSchema"] as JsonObject;
        SuccessSchema = definition["contract"]?["output"]?["successSchema"] as JsonObject;
        if (config["timeoutSeconds"] is JsonValue timeout)
        {
            TimeoutSeconds = timeout.TryGetValue<int>(out var seconds) && seconds is >= 1 and <= 60
                ? seconds
                : throw Invalid("config.timeoutSeconds must be a whole number from 1 to 60.");
        }
    }

    /// <summary>The definition as read.</summary>
    public JsonObject Definition { get; }

    /// <summary>The action's name, as Call Data Action refers to it.</summary>
    public string Name { get; }

    /// <summary><c>config.request.requestUrlTemplate</c>: the URL, a Velocity template over the inputs.</summary>
    public string RequestUrlTemplate { get; }

    /// <summary>GET, PUT, POST, PATCH or DELETE.</summary>
    public string RequestType { get; }

    /// <summary><c>config.request.headers</c>: header name → Velocity template.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Default <c>${input.rawRequest}</c> (the inputs as JSON), as in Genesys.</summary>
    public string RequestTemplate { get; }

    /// <summary><c>config.response.translationMap</c>: variable → JSONPath into the response body.</summary>
    public IReadOnlyDictionary<string, string> TranslationMap { get; }

    /// <summary><c>config.response.translationMapDefaults</c>: variable → the JSON used when its path finds nothing.</summary>
    public IReadOnlyDictionary<string, string> TranslationMapDefaults { get; }

    /// <summary>Default <c>${rawResult}</c> (the response passed through).</summary>
    public string SuccessTemplate { get; }

    /// <summary><c>contract.input.inputSchema</c>, or null when the export has none.</summary>
    public JsonObject? InputSchema { get; }

    /// <summary><c>contract.output.successSchema</c>, or null when the export has none.</summary>
    public JsonObject? SuccessSchema { get; }

    /// <summary><c>config.timeoutSeconds</c> (1–60), or null when the definition sets none.</summary>
    public int? TimeoutSeconds { get; }

    /// <summary>Reads a definition from its JSON (the export format; the <c>/api/v2/integrations/actions</c> format is the same).</summary>
    /// <exception cref="DataActionException">Not JSON, or a required field is missing or malformed (<see cref="DataActionStep.Definition"/>).</exception>
    public static DataAction Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DataActionException(DataActionStep.Definition, $"The data action definition is not valid JSON: {e.Message}", e);
        }

        return node is JsonObject definition ? new DataAction(definition) : throw Invalid("The data action definition must be a JSON object.");
    }

    /// <summary>
    /// Checks <paramref name="inputs"/> against <c>contract.input.inputSchema</c> and renders the request:
    /// <c>${input.NAME}</c> is an input's text (a string as it is, anything else as JSON), <c>${input.rawRequest}</c>
    /// all inputs as JSON, <c>${credentials.NAME}</c> a credential's value.
    /// </summary>
    /// <exception cref="DataActionException">An input violates the contract (<see cref="DataActionStep.Input"/>) or a template cannot be rendered (<see cref="DataActionStep.Request"/>).</exception>
    public DataActionRequest BuildRequest(JsonObject inputs, IReadOnlyDictionary<string, string>? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ValidateInputs(inputs);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["input.rawRequest"] = inputs.ToJsonString() };
        foreach (var (name, value) in inputs)
        {
            if (value is not null)
            {
                values["input." + name] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
            }
        }

        foreach (var (name, value) in credentials ?? new Dictionary<string, string>())
        {
            values["credentials." + name] = value;
        }

        var urlText = Render(RequestUrlTemplate, values, DataActionStep.Request, "config.request.requestUrlTemplate");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new DataActionException(DataActionStep.Request, $"config.request.requestUrlTemplate rendered '{urlText}', which is not an absolute http(s) URL.");
        }

        var headers = Headers.ToDictionary(h => h.Key, h => Render(h.Value, values, DataActionStep.Request, $"config.request.headers.{h.Key}"), StringComparer.OrdinalIgnoreCase);
        var body = RequestType is "GET" or "DELETE" ? null : Render(RequestTemplate, values, DataActionStep.Request, "config.request.requestTemplate");
        return new DataActionRequest(RequestType, url, headers, body);
    }

    /// <summary>Throws when the inputs do not conform to <c>contract.input.inputSchema</c>.</summary>
    /// <exception cref="DataActionException">With every violation (<see cref="DataActionStep.Input"/>).</exception>
    public void ValidateInputs(JsonObject inputs)
    {
        var errors = ContractSchema.Validate(InputSchema, inputs, "input");
        if (errors.Count > 0)
        {
            throw new DataActionException(DataActionStep.Input, $"The inputs do not match the data action's input contract: {string.Join("; ", errors)}.");
        }
    }

    /// <summary>
    /// Turns a successful response body into the action's output: the translation map (JSONPath, with
    /// defaults) feeds the success template, whose result must be JSON that conforms to the success schema.
    /// </summary>
    /// <exception cref="DataActionException">At <see cref="DataActionStep.Translation"/>, <see cref="DataActionStep.SuccessTemplate"/> or <see cref="DataActionStep.Output"/>.</exception>
    public JsonNode? TranslateResponse(string responseBody)
    {
        ArgumentNullException.ThrowIfNull(responseBody);
        var translated = DataActions.TranslationMap.Apply(TranslationMap, TranslationMapDefaults, responseBody);
        var values = new Dictionary<string, string>(translated, StringComparer.Ordinal) { ["rawResult"] = responseBody };
        var rendered = Render(SuccessTemplate, values, DataActionStep.SuccessTemplate, "config.response.successTemplate");
        JsonNode? output;
        try
        {
            output = JsonNode.Parse(rendered);
        }
        catch (JsonException e)
        {
            var shown = rendered.Length > 300 ? rendered[..300] + "…" : rendered;
            throw new DataActionException(DataActionStep.SuccessTemplate, $"config.response.successTemplate produced text that is not JSON ({e.Message}): {shown}", e);
        }

        var errors = ContractSchema.Validate(SuccessSchema, output, "output");
        if (errors.Count > 0)
        {
            throw new DataActionException(DataActionStep.Output, $"The resolved response does not match the data action's success contract: {string.Join("; ", errors)}.");
        }

        return output;
    }

    /// <summary>Turns an output value into a participant attribute's text: a string as it is, anything else as JSON.</summary>
    public static string ToAttributeValue(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Convert.ToString(v.GetValue<decimal>(), CultureInfo.InvariantCulture) ?? "",
        _ => value.ToJsonString(),
    };

    private static string Render(string template, Dictionary<string, string> values, DataActionStep step, string field)
    {
        try
        {
            return VelocityTemplate.Render(template, values);
        }
        catch (FormatException e)
        {
            throw new DataActionException(step, $"{field}: {e.Message}", e);
        }
    }

    private static string? Text(JsonObject node, string name) => node[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Invalid($"{name} must be a string."),
    };

    private static Dictionary<string, string> StringMap(JsonObject node, string name, string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node[name])
        {
            case null:
                return map;
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    map[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        ? v.GetValue<string>()
                        : throw Invalid($"{field}.{key} must be a string.");
                }

                return map;
            default:
                throw Invalid($"{field} must be an object of strings.");
        }
    }

    private static DataActionException Invalid(string message) => new(DataActionStep.Definition, message);
}
