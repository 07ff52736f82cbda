using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ParticipantData.Architect.Types;

/// <summary>
/// Text forms of values. The platform's <c>ToString</c> formats for Decimal, DateTime, Duration, JSON and collections
/// are not published; the choices here are listed as unverified in docs/architect.md.
/// </summary>
internal static class ValueFormatting
{
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };

    public static string ToArchitectString(ArchitectValue value)
    {
        if (!value.IsSet)
        {
            return "";
        }

        return value.Type.Kind switch
        {
            ArchitectTypeKind.String => (string)value.Reference!,
            ArchitectTypeKind.Integer => value.Bits.ToString(CultureInfo.InvariantCulture),
            ArchitectTypeKind.Decimal => FormatDecimal((decimal)value.Reference!),
            ArchitectTypeKind.Boolean => value.Bits != 0 ? "true" : "false",
            ArchitectTypeKind.DateTime => new DateTime(value.Bits, DateTimeKind.Utc).ToString(DateTimeFormat, CultureInfo.InvariantCulture),
            ArchitectTypeKind.Duration => FormatDuration(value.Bits),
            ArchitectTypeKind.Json => JsonToString(value.AsJson()),
            ArchitectTypeKind.PhoneNumber => value.Phone.ToString(),
            ArchitectTypeKind.Collection => CollectionToString(value),
            _ => "",
        };
    }

    public static string Display(ArchitectValue value)
    {
        if (!value.IsSet)
        {
            return "NOT_SET";
        }

        return value.Type.Kind switch
        {
            ArchitectTypeKind.String => QuoteString((string)value.Reference!),
            ArchitectTypeKind.Json => JsonSerializer.Serialize(value.AsJson(), CompactJson),
            ArchitectTypeKind.Collection => "[" + string.Join(", ", value.Items.Select(Display)) + "]",
            _ => ToArchitectString(value),
        };
    }

    /// <summary>Writes a string as an expression literal: double quotes, with <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\t</c> escapes.</summary>
    public static string QuoteString(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string FormatDecimal(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 duration from milliseconds, days as the largest unit: <c>P1DT2H3M4.005S</c>, <c>PT30S</c>, <c>-PT1M</c>.</summary>
    public static string FormatDuration(long milliseconds)
    {
        if (milliseconds == 0)
        {
            return "PT0S";
        }

        var builder = new StringBuilder();
        if (milliseconds < 0)
        {
            builder.Append('-');
            milliseconds = -milliseconds;
        }

        var days = milliseconds / 86_400_000;
        var hours = milliseconds / 3_600_000 % 24;
        var minutes = milliseconds / 60_000 % 60;
        var seconds = milliseconds / 1000 % 60;
        var ms = milliseconds % 1000;
        builder.Append('P');
        if (days > 0)
        {
            builder.Append(days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (hours > 0 || minutes > 0 || seconds > 0 || ms > 0)
        {
            builder.Append('T');
            if (hours > 0)
            {
                builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (minutes > 0)
            {
                builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (seconds > 0 || ms > 0)
            {
                builder.Append(seconds.ToString(CultureInfo.InvariantCulture));
                if (ms > 0)
                {
                    builder.Append('.').Append(ms.ToString("000", CultureInfo.InvariantCulture));
                }

                builder.Append('S');
            }
        }

        return builder.ToString();
    }

    /// <summary>A JSON string gives its content (unquoted), anything else its compact JSON text.</summary>
    public static string JsonToString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : JsonSerializer.Serialize(element, CompactJson);

    private static string CollectionToString(ArchitectValue value)
    {
        var builder = new StringBuilder("[");
        var first = true;
        foreach (var item in value.Items)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            var text = ToArchitectString(item);
            builder.Append(item.Type.Kind is ArchitectTypeKind.Integer or ArchitectTypeKind.Decimal or ArchitectTypeKind.Boolean
                ? text
                : JsonSerializer.Serialize(text));
        }

        return builder.Append(']').ToString();
    }
}
