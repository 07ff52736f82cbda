using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Attributes;

/// <summary>
/// Reads <c>{"attributes": {"key": "value"}}</c> the strict way the platform's schema has it
/// (<c>additionalProperties: string</c>): any other value type is rejected with the key named.
/// </summary>
internal static class AttributeJson
{
    private const int MaxShownValue = 80;

    /// <summary>Reads a PATCH body (<see cref="JsonBody.TryRead"/>); on failure returns the 415 or 400 to answer.</summary>
    public static ApiError? TryParseBody(HttpRequest request, byte[] body, out Dictionary<string, string> attributes)
    {
        attributes = [];
        var required = ApiError.BadRequest("The request body is required: send {\"attributes\": {\"key\": \"value\"}}.");
        if (!JsonBody.TryRead(request, body, required, out var document, out var invalid))
        {
            return invalid;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiError.BadRequest("The request body must be a JSON object: {\"attributes\": {\"key\": \"value\"}}.");
            }

            if (!document.RootElement.TryGetProperty("attributes", out var map) || map.ValueKind == JsonValueKind.Null)
            {
                return ApiError.BadRequest("The request body has no [attributes] object: send {\"attributes\": {\"key\": \"value\"}}.");
            }

            return TryReadMap(map, "attributes", out attributes);
        }
    }

    /// <summary>Reads an object of string values; on failure returns the 400 naming the field or key.</summary>
    public static ApiError? TryReadMap(JsonElement map, string fieldName, out Dictionary<string, string> attributes)
    {
        attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map.ValueKind != JsonValueKind.Object)
        {
            return ApiError.InvalidValue(
                $"Value [{Shown(map)}] is not valid for field type [{fieldName}]: it must be an object whose values are strings.");
        }

        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return ApiError.InvalidValue(
                    $"Value [{Shown(property.Value)}] of attribute [{property.Name}] is not valid for field type [string]: " +
                    $"attribute values must be JSON strings, not {Describe(property.Value.ValueKind)}."
                    + (property.Value.ValueKind == JsonValueKind.Object ? " " + Routing.WrongRecipes.FlatMap : ""));
            }

            attributes[property.Name] = property.Value.GetString()!;
        }

        return null;
    }

    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > MaxShownValue ? text[..MaxShownValue] + "..." : text;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => kind.ToString(),
    };
}
