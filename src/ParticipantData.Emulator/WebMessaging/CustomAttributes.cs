using System.Text;
using System.Text.Json;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// The <c>customAttributes</c> of an <c>onMessage</c> request in both placements the SDKs use: the message's
/// own <c>message.channel.metadata</c> (the mobile SDK, the current one) and the request-level <c>channel.metadata</c>
/// (the Java SDK, deprecated). The message's own win on the same key.
/// </summary>
internal static class CustomAttributes
{
    /// <summary>Reads the attributes; null and a problem when one is not a map of strings.</summary>
    public static Dictionary<string, string>? Read(JsonElement request, JsonElement message, bool acceptLegacy, out string? problem)
    {
        problem = null;
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        if (acceptLegacy && !ReadInto(request, "channel.metadata.customAttributes", merged, out problem))
        {
            return null;
        }

        return ReadInto(message, "message.channel.metadata.customAttributes", merged, out problem) ? merged : null;
    }

    /// <summary>The size rule of the mobile SDK: the UTF-8 bytes of every key and value, added up.</summary>
    public static int Size(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value));

    private static bool ReadInto(JsonElement holder, string path, Dictionary<string, string> into, out string? problem)
    {
        problem = null;
        if (!TryGet(holder, "channel", out var channel) || !TryGet(channel, "metadata", out var metadata)
            || !metadata.TryGetProperty("customAttributes", out var attributes) || attributes.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (attributes.ValueKind != JsonValueKind.Object)
        {
            problem = $"{path} must be an object of string values, not {Kind(attributes)}.";
            return false;
        }

        foreach (var property in attributes.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                problem = $"{path}[{property.Name}] must be a string, not {Kind(property.Value)}: custom attributes are a map of strings.";
                return false;
            }

            into[property.Name] = property.Value.GetString()!;
        }

        return true;
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "a string",
    };
}
