using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ParticipantData.Architect.DataActions;

/// <summary>
/// The subset of Apache Velocity that Genesys data action templates use (architect.md §B.4): references
/// <c>$a.b</c> and <c>${a.b}</c> (a missing value renders the reference's own text, as Velocity does),
/// silent references <c>$!{a.b}</c> (missing renders nothing), the <c>esc</c> tool (<c>jsonString</c>,
/// <c>jsonEncode</c>, <c>jsonDecode</c>, <c>url</c>, <c>urlFormEncode</c>, <c>uriEncode</c>, <c>quote</c>),
/// <c>successTemplateUtils.firstFromArray</c>, and the Java string methods <c>replace</c>,
/// <c>toLowerCase</c>, <c>toUpperCase</c>, <c>trim</c>. Directives (<c>#if</c>, <c>#set</c>, <c>#foreach</c>)
/// are refused with a clear error rather than rendered wrongly.
/// </summary>
internal static partial class VelocityTemplate
{
    /// <summary>Renders <paramref name="template"/>; <paramref name="values"/> holds dotted names (<c>input.customerId</c>).</summary>
    /// <exception cref="FormatException">The template uses something outside the subset; the message names it.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        if (Directive().Match(template) is { Success: true } directive)
        {
            throw new FormatException($"The Velocity directive '{directive.Value.TrimEnd('(').Trim()}' is not supported by this engine (supported: references, $esc, successTemplateUtils and string methods).");
        }

        var output = new StringBuilder(template.Length);
        var position = 0;
        while (position < template.Length)
        {
            var c = template[position];
            if (c == '$' && TryParseReference(template, position, out var reference, out var end))
            {
                var value = Evaluate(reference, values);
                output.Append(value ?? (reference.Silent ? "" : template[position..end]));
                position = end;
            }
            else
            {
                output.Append(c);
                position++;
            }
        }

        return output.ToString();
    }

    [GeneratedRegex(@"#(if|elseif|else|end|set|foreach|macro|parse|include|define)\b\s*\(?")]
    private static partial Regex Directive();

    private sealed record Reference(bool Silent, List<Segment> Segments);

    private sealed record Segment(string Name, List<Argument>? Arguments);

    private abstract record Argument;

    private sealed record LiteralArgument(string Text) : Argument;

    private sealed record TemplateArgument(string Template) : Argument;

    private sealed record ReferenceArgument(Reference Reference, string SourceText) : Argument;

    private static bool TryParseReference(string text, int start, out Reference reference, out int end)
    {
        reference = null!;
        end = start;
        var i = start + 1;
        var silent = false;
        if (i < text.Length && text[i] == '!')
        {
            silent = true;
            i++;
        }

        var formal = i < text.Length && text[i] == '{';
        if (formal)
        {
            i++;
        }

        if (i >= text.Length || !IsIdentifierStart(text[i]))
        {
            return false;
        }

        var segments = new List<Segment>();
        while (true)
        {
            var nameStart = i;
            while (i < text.Length && IsIdentifierPart(text[i]))
            {
                i++;
            }

            var name = text[nameStart..i];
            List<Argument>? arguments = null;
            if (i < text.Length && text[i] == '(')
            {
                if (!TryParseArguments(text, ref i, out arguments))
                {
                    return false;
                }
            }

            segments.Add(new Segment(name, arguments));
            if (i + 1 < text.Length && text[i] == '.' && IsIdentifierStart(text[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        if (formal)
        {
            if (i >= text.Length || text[i] != '}')
            {
                return false;
            }

            i++;
        }

        reference = new Reference(silent, segments);
        end = i;
        return true;
    }

    private static bool TryParseArguments(string text, ref int i, out List<Argument> arguments)
    {
        arguments = [];
        i++; // (
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length)
            {
                return false;
            }

            if (text[i] == ')' && arguments.Count == 0)
            {
                i++;
                return true;
            }

            var c = text[i];
            if (c is '"' or '\'')
            {
                var close = i + 1;
                while (close < text.Length && text[close] != c)
                {
                    close += text[close] == '\\' && close + 1 < text.Length ? 2 : 1;
                }

                if (close >= text.Length)
                {
                    return false;
                }

                var body = text[(i + 1)..close].Replace("\\\"", "\"", StringComparison.Ordinal);
                arguments.Add(c == '"' ? new TemplateArgument(body) : new LiteralArgument(body));
                i = close + 1;
            }
            else if (c == '$')
            {
                if (!TryParseReference(text, i, out var inner, out var end))
                {
                    return false;
                }

                arguments.Add(new ReferenceArgument(inner, text[i..end]));
                i = end;
            }
            else
            {
                var startLiteral = i;
                while (i < text.Length && text[i] is not (',' or ')') && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i == startLiteral)
                {
                    return false;
                }

                arguments.Add(new LiteralArgument(text[startLiteral..i]));
            }

            SkipSpaces(text, ref i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            if (i < text.Length && text[i] == ')')
            {
                i++;
                return true;
            }

            return false;
        }
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    /// <summary>The reference's value, or null when it has none (Velocity's null).</summary>
    private static string? Evaluate(Reference reference, IReadOnlyDictionary<string, string> values)
    {
        string? current = null;
        var path = "";
        var isValue = false;
        foreach (var segment in reference.Segments)
        {
            if (!isValue)
            {
                path = path.Length == 0 ? segment.Name : path + "." + segment.Name;
                if (segment.Arguments is { } toolArguments)
                {
                    var arguments = EvaluateArguments(toolArguments, values);
                    if (arguments is null)
                    {
                        return null;
                    }

                    current = CallTool(path, arguments);
                    isValue = true;
                }
                else if (values.TryGetValue(path, out var value))
                {
                    current = value;
                    isValue = true;
                }
                else if (path == "esc.quote")
                {
                    current = "\"";
                    isValue = true;
                }

                continue;
            }

            if (current is null)
            {
                return null;
            }

            if (segment.Arguments is not { } methodArguments)
            {
                return null; // a property of a string: Velocity has none
            }

            var evaluated = EvaluateArguments(methodArguments, values);
            if (evaluated is null)
            {
                return null;
            }

            current = CallStringMethod(current, segment.Name, evaluated);
        }

        return isValue ? current : null;
    }

    private static List<string>? EvaluateArguments(List<Argument> arguments, IReadOnlyDictionary<string, string> values)
    {
        var result = new List<string>(arguments.Count);
        foreach (var argument in arguments)
        {
            var value = argument switch
            {
                LiteralArgument literal => literal.Text,
                TemplateArgument template => Render(template.Template, values),
                ReferenceArgument r => Evaluate(r.Reference, values) ?? (r.Reference.Silent ? "" : null),
                _ => null,
            };
            if (value is null)
            {
                return null;
            }

            result.Add(value);
        }

        return result;
    }

    private static string CallTool(string path, List<string> arguments)
    {
        string One() => arguments.Count == 1 ? arguments[0] : throw new FormatException($"${path}(…) takes one argument; it was given {arguments.Count}.");
        return path switch
        {
            "esc.jsonString" or "esc.jsonEncode" or "esc.json" => JsonEscaping.Escape(One()),
            "esc.jsonDecode" => JsonEscaping.Unescape(One()),
            "esc.url" or "esc.urlFormEncode" => WebUtility.UrlEncode(One()),
            "esc.uriEncode" => Uri.EscapeDataString(One()),
            "successTemplateUtils.firstFromArray" => FirstFromArray(arguments),
            _ => throw new FormatException($"${path}(…) is not supported by this engine (supported: esc.jsonString, esc.jsonEncode, esc.jsonDecode, esc.url, esc.urlFormEncode, esc.uriEncode, esc.quote, successTemplateUtils.firstFromArray)."),
        };
    }

    /// <summary>The first element of a JSON array text, as JSON text; the default (second argument, else empty) when there is none.</summary>
    private static string FirstFromArray(List<string> arguments)
    {
        if (arguments.Count is < 1 or > 2)
        {
            throw new FormatException("$successTemplateUtils.firstFromArray(array, default) takes one or two arguments.");
        }

        var fallback = arguments.Count == 2 ? arguments[1] : "";
        try
        {
            return JsonNode.Parse(arguments[0]) is JsonArray { Count: > 0 } array
                ? array[0]?.ToJsonString() ?? "null"
                : fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    private static string CallStringMethod(string value, string method, List<string> arguments) => (method, arguments.Count) switch
    {
        ("replace", 2) => value.Replace(arguments[0], arguments[1], StringComparison.Ordinal),
        ("toLowerCase", 0) => value.ToLowerInvariant(),
        ("toUpperCase", 0) => value.ToUpperInvariant(),
        ("trim", 0) => value.Trim(),
        ("length", 0) => value.Length.ToString(CultureInfo.InvariantCulture),
        _ => throw new FormatException($"The string method '{method}' with {arguments.Count} argument(s) is not supported by this engine (supported: replace(a, b), toLowerCase(), toUpperCase(), trim(), length())."),
    };
}
