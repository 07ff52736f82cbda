using System.Globalization;
using System.Text;

namespace ParticipantData.Architect.DataActions;

/// <summary>The escaping of <c>$esc.jsonString</c> / <c>$esc.jsonEncode</c>: the text between a JSON string's quotes.</summary>
internal static class JsonEscaping
{
    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                case '\b': result.Append("\\b"); break;
                case '\f': result.Append("\\f"); break;
                default:
                    if (c < 0x20 || c is '\u2028' or '\u2029')
                    {
                        result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.ToString();
    }

    /// <summary><c>$esc.jsonDecode</c>: the reverse; text that is not a valid escape is kept as it is.</summary>
    public static string Unescape(string text)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse("\"" + text + "\"")?.GetValue<string>() ?? text;
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }
    }
}
