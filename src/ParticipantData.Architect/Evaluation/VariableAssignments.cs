using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using ParticipantData.Architect.Syntax;
using ParticipantData.Architect.Types;

namespace ParticipantData.Architect;

/// <summary>
/// Reads <c>Name[:Type]=value</c> assignments. Without a type the value's text decides:
/// <list type="bullet">
/// <item><c>NOT_SET</c> → NOT_SET String (participant data is text);</item>
/// <item><c>"…"</c> (double quotes, expression escapes) → String;</item>
/// <item><c>true</c> / <c>false</c> → Boolean;</item>
/// <item>whole number (<c>700</c>, <c>-3</c>) → Integer; number with a '.' (<c>0.42</c>) → Decimal;</item>
/// <item><c>[…]</c> → a collection from a JSON array (strings → StringCollection, whole numbers → IntegerCollection, …);
/// <c>{…}</c> → JSON;</item>
/// <item>anything else → String, exactly as written.</item>
/// </list>
/// With a type (<c>Flow.code:String=007</c>, <c>Flow.wait:Duration=PT30S</c>) the text is read as that type.
/// Internal: the syntax belongs to the command line (<c>pdata eval</c>, <c>pdata flow run --var</c>, which reach it through
/// InternalsVisibleTo) and to scenarios files; library callers pass typed <see cref="ArchitectValue"/>s instead.
/// </summary>
internal static class VariableAssignments
{
    public static VariableAssignment Parse(string assignment) =>
        TryParse(assignment, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(string assignment, [NotNullWhen(true)] out VariableAssignment? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        result = null;
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = $"'{assignment}' is not an assignment: expected Name=value, e.g. Flow.tier=gold (or Flow.score:Integer=700)";
            return false;
        }

        var left = assignment[..equals].Trim();
        var text = assignment[(equals + 1)..];
        ArchitectType? type = null;
        var colon = left.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var typeName = left[(colon + 1)..].Trim();
            left = left[..colon].Trim();
            if (!ArchitectType.TryParse(typeName, out type))
            {
                error = $"unknown type '{typeName}' in '{assignment}': expected String, Integer, Decimal, Boolean, DateTime, Duration, JSON, PhoneNumber or one of them + Collection";
                return false;
            }
        }

        if (!VariableName.TryNormalize(left, out var name, out error))
        {
            return false;
        }

        if (!TryParseValue(text, type, out var value, out error))
        {
            error = $"{name}: {error}";
            return false;
        }

        result = new VariableAssignment(name, value);
        return true;
    }

    /// <summary>Reads a value by the rules above; <paramref name="type"/> null means infer it from the text.</summary>
    public static bool TryParseValue(string text, ArchitectType? type, out ArchitectValue value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        error = null;
        var trimmed = text.Trim();
        if (string.Equals(trimmed, "NOT_SET", StringComparison.Ordinal))
        {
            value = ArchitectValue.NotSet(type ?? ArchitectType.String);
            return true;
        }

        try
        {
            if (type is null)
            {
                value = Infer(text, trimmed);
                return true;
            }

            if (type.IsCollection)
            {
                value = Collection(trimmed, type.ElementType!);
                return true;
            }

            value = type.Kind switch
            {
                ArchitectTypeKind.String => ArchitectValue.String(IsQuoted(trimmed) ? Unquote(trimmed) : text),
                ArchitectTypeKind.Integer => ArchitectValue.Integer(long.Parse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                ArchitectTypeKind.Decimal => ArchitectValue.Decimal(decimal.Parse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)),
                ArchitectTypeKind.Boolean => ArchitectValue.Boolean(bool.Parse(trimmed)),
                ArchitectTypeKind.DateTime => ArchitectValue.DateTime(DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
                ArchitectTypeKind.Duration => ArchitectValue.Duration(ParseDuration(trimmed)),
                ArchitectTypeKind.Json => ArchitectValue.Json(trimmed),
                ArchitectTypeKind.PhoneNumber => ArchitectValue.PhoneNumber(IsQuoted(trimmed) ? Unquote(trimmed) : trimmed),
                _ => throw new FormatException($"no value can be written for {type.Name}"),
            };
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or JsonException)
        {
            error = $"cannot read {Describe(trimmed)} as {(type is null ? "a value" : type.WithArticle)}: {ex.Message}";
            return false;
        }
    }

    /// <summary>Builds an evaluation context from assignments (later ones win).</summary>
    public static EvaluationContext ToContext(IEnumerable<VariableAssignment> assignments, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var context = new EvaluationContext(timeProvider);
        foreach (var assignment in assignments)
        {
            context.Set(assignment.Name, assignment.Value);
        }

        return context;
    }

    private static ArchitectValue Infer(string text, string trimmed)
    {
        if (IsQuoted(trimmed))
        {
            return ArchitectValue.String(Unquote(trimmed));
        }

        if (trimmed is "true" or "false")
        {
            return ArchitectValue.Boolean(trimmed == "true");
        }

        if (trimmed.Length > 0 && IsNumber(trimmed, out var hasPoint))
        {
            return hasPoint
                ? ArchitectValue.Decimal(decimal.Parse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))
                : ArchitectValue.Integer(long.Parse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        if (trimmed.StartsWith('['))
        {
            return InferCollection(trimmed);
        }

        if (trimmed.StartsWith('{'))
        {
            return ArchitectValue.Json(trimmed);
        }

        return ArchitectValue.String(text);
    }

    private static bool IsNumber(string text, out bool hasPoint)
    {
        hasPoint = false;
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '-' && i == 0)
            {
                continue;
            }
            else if (c == '.' && !hasPoint && digits > 0 && i < text.Length - 1)
            {
                hasPoint = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static ArchitectValue InferCollection(string json)
    {
        using var document = JsonDocument.Parse(json);
        var items = document.RootElement.EnumerateArray().ToList();
        if (items.Count == 0 || items.All(i => i.ValueKind == JsonValueKind.String))
        {
            return ArchitectValue.StringCollection(items.Select(i => i.GetString()!));
        }

        if (items.All(i => i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out _)))
        {
            return ArchitectValue.IntegerCollection(items.Select(i => i.GetInt64()));
        }

        if (items.All(i => i.ValueKind == JsonValueKind.Number))
        {
            return ArchitectValue.Collection(ArchitectType.Decimal, items.Select(i => ArchitectValue.Decimal(i.GetDecimal())));
        }

        if (items.All(i => i.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return ArchitectValue.Collection(ArchitectType.Boolean, items.Select(i => ArchitectValue.Boolean(i.GetBoolean())));
        }

        throw new FormatException("a collection holds items of one type: all strings, all whole numbers, all numbers or all booleans");
    }

    private static ArchitectValue Collection(string json, ArchitectType element)
    {
        using var document = JsonDocument.Parse(json);
        var items = new List<ArchitectValue>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            if (!TryParseValue(text, element, out var value, out var error))
            {
                throw new FormatException(error);
            }

            items.Add(value);
        }

        return ArchitectValue.Collection(element, items);
    }

    /// <summary>ISO 8601 (<c>PT30S</c>) or whole milliseconds.</summary>
    private static TimeSpan ParseDuration(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : XmlConvert.ToTimeSpan(text);

    private static bool IsQuoted(string text) => text.Length >= 2 && text[0] == '"' && text[^1] == '"';

    /// <summary>Unquotes with the expression language's own string rules, so escapes mean the same as in an expression.</summary>
    private static string Unquote(string text)
    {
        var diagnostics = new List<ArchitectDiagnostic>();
        var tokens = Lexer.Tokenize(text, diagnostics);
        if (diagnostics.Count > 0 || tokens.Count != 2 || tokens[0].Kind != TokenKind.String)
        {
            throw new FormatException(diagnostics.Count > 0 ? diagnostics[0].Message : "expected one double-quoted string (write \\\" for a quote inside it)");
        }

        return tokens[0].StringValue!;
    }

    private static string Describe(string text) => text.Length > 40 ? ValueFormatting.QuoteString(text[..40] + "…") : ValueFormatting.QuoteString(text);
}
