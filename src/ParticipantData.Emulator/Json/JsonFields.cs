using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ParticipantData.Emulator.Json;

/// <summary>
/// The one validator of the emulator's hand-written JSON documents. Their source-generated DTOs hold each field as
/// a <see cref="JsonElement"/> (<see cref="JsonValueKind.Undefined"/> when the field is absent), so a value of the
/// wrong type never fails deserialization with the serializer's words; these checks say what was wrong instead,
/// with the field's path and the value as written, by throwing <see cref="JsonFieldException"/>.
/// </summary>
internal static class JsonFields
{
    /// <summary>Reads <paramref name="element"/> (an object) into its DTO; from its raw text, so each field's raw text stays as written.</summary>
    public static T Read<T>(JsonElement element, JsonTypeInfo<T> type) => JsonSerializer.Deserialize(element.GetRawText(), type)!;

    /// <summary>True when the field is there (null counts as there).</summary>
    public static bool IsPresent(JsonElement value) => value.ValueKind != JsonValueKind.Undefined;

    /// <summary>True when the field is there and not null.</summary>
    public static bool HasValue(JsonElement value) => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>A problem with <paramref name="value"/> at <paramref name="path"/>.</summary>
    public static JsonFieldException Invalid(string path, JsonElement value, string problem) => new(path, value.GetRawText(), problem);

    /// <summary>A problem at <paramref name="path"/> that is not about one value.</summary>
    public static JsonFieldException Problem(string path, string problem) => new(path, null, problem);

    /// <summary>Every property of <paramref name="element"/> must be one of <paramref name="fields"/>; the first that is not, in document order, is the problem.</summary>
    public static void KnownFields(JsonElement element, string path, IReadOnlyCollection<string> fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Problem(Join(path, property.Name), "is not a known field; the fields here are " + string.Join(", ", fields));
            }
        }
    }

    /// <summary>The string; null when absent or null.</summary>
    public static string? OptionalString(JsonElement value, string path)
    {
        if (!HasValue(value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(path, value, "must be a string");
    }

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static bool Boolean(JsonElement value, string path) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Invalid(path, value, "must be true or false");

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>, else "must be <paramref name="expected"/>".</summary>
    public static double Number(JsonElement value, string path, double min, double max, string expected)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            throw Invalid(path, value, "must be " + expected);
        }

        return number;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, else "must be <paramref name="expected"/>" (by default, of at least min).</summary>
    public static long WholeNumber(JsonElement value, string path, long min, long max = long.MaxValue, string? expected = null)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            throw Invalid(path, value, "must be " + (expected ?? string.Create(CultureInfo.InvariantCulture, $"a whole number of at least {min}")));
        }

        return number;
    }

    /// <summary>A 32-bit whole number.</summary>
    public static int Int32(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid(path, value, "must be a whole number (a 32-bit integer)");

    /// <summary><paramref name="path"/> and a field below it.</summary>
    public static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;
}
