using System.Text.Json;
using System.Text.Json.Nodes;

namespace ParticipantData.Architect.DataActions;

/// <summary>
/// Validates JSON against the JSON Schema subset that data action contracts use: <c>type</c> (one or a
/// list), <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (boolean or schema),
/// <c>items</c>, <c>enum</c>, <c>minLength</c>/<c>maxLength</c>, <c>minimum</c>/<c>maximum</c>. Other
/// keywords (<c>title</c>, <c>description</c>, <c>$schema</c>, …) are annotations and are ignored.
/// </summary>
internal static class ContractSchema
{
    /// <summary>Every violation, each as "path: what is wrong"; empty when the value conforms.</summary>
    public static List<string> Validate(JsonNode? schema, JsonNode? value, string path = "$")
    {
        var errors = new List<string>();
        if (schema is JsonObject s)
        {
            Check(s, value, path, errors);
        }

        return errors;
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray list ? list.Select(t => t?.GetValue<string>() ?? "").ToList() : [type.GetValue<string>()];
            if (!allowed.Any(t => IsType(value, t)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", allowed)}, got {Describe(value)}");
                return;
            }
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: must be one of {options.ToJsonString()}, got {value?.ToJsonString() ?? "null"}");
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var length = v.GetValue<string>().Length;
            if (schema["minLength"] is JsonValue min && length < min.GetValue<int>())
            {
                errors.Add($"{path}: must be at least {min} characters long");
            }

            if (schema["maxLength"] is JsonValue max && length > max.GetValue<int>())
            {
                errors.Add($"{path}: must be at most {max} characters long");
            }
        }

        if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
        {
            var number = n.GetValue<decimal>();
            if (schema["minimum"] is JsonValue min && number < min.GetValue<decimal>())
            {
                errors.Add($"{path}: must be at least {min}");
            }

            if (schema["maximum"] is JsonValue max && number > max.GetValue<decimal>())
            {
                errors.Add($"{path}: must be at most {max}");
            }
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            if (schema["required"] is JsonArray required)
            {
                foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
                {
                    if (!obj.ContainsKey(name))
                    {
                        errors.Add($"{path}.{name}: is required");
                    }
                }
            }

            foreach (var (name, child) in obj)
            {
                if (properties?[name] is JsonObject childSchema)
                {
                    Check(childSchema, child, $"{path}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonValue extra && extra.GetValueKind() == JsonValueKind.False)
                {
                    errors.Add($"{path}.{name}: is not allowed (additionalProperties is false)");
                }
                else if (schema["additionalProperties"] is JsonObject extraSchema)
                {
                    Check(extraSchema, child, $"{path}.{name}", errors);
                }
            }
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{path}[{i}]", errors);
            }
        }
    }

    private static bool IsType(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue s && s.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue i && i.GetValueKind() == JsonValueKind.Number && decimal.TryParse(i.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d),
        _ => true,
    };

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {value.ToJsonString()}",
            JsonValueKind.Number => $"the number {value.ToJsonString()}",
            _ => value.ToJsonString(),
        },
    };
}
