using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Flows;

/// <summary>The values actions read: <c>{lit: …}</c> converted to the target type at load, <c>{exp: …}</c> compiled once, durations, queue and skill names.</summary>
internal sealed partial class FlowLoader
{
    /// <summary>A queue, skill or language: <c>{lit: {name: X}}</c>, <c>{lit: X}</c>, <c>{exp: FindQueue("X")}</c> or a String expression.</summary>
    private FlowValue Named(YamlNode node, string what)
    {
        if (node is YamlMappingNode map && YamlReading.Get(map, "lit") is YamlMappingNode lit)
        {
            var text = _yaml.OptionalScalar(lit, "name") ?? _yaml.OptionalScalar(lit, "id") ?? throw _yaml.Error(lit, $"{what}: lit needs a name, e.g. lit: {{name: Gold}}");
            return FlowValue.Literal(text, ArchitectValue.String(text));
        }

        if (node is YamlMappingNode expMap && YamlReading.Get(expMap, "exp") is YamlScalarNode { Value: { } exp } && FindCall().Match(exp) is { Success: true } found)
        {
            var text = found.Groups["name"].Value;
            return FlowValue.Literal(text, ArchitectValue.String(text));
        }

        return Value(node, ArchitectType.String, what);
    }

    private FlowValue Required(YamlMappingNode body, string key, ArchitectType type, string what) =>
        Value(YamlReading.Get(body, key) ?? throw _yaml.Error(body, $"{what} needs {key}, e.g. {key}: {{exp: ...}} or {{lit: ...}}"), type, key);

    private FlowValue Value(YamlNode node, ArchitectType type, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return Literal(scalar, scalar.Value ?? "", type, what);
        }

        var map = _yaml.Map(node, what);
        if (YamlReading.Get(map, "exp") is { } exp)
        {
            var text = _yaml.Scalar(exp, "exp");
            if (!ArchitectExpression.TryParse(text, out var expression, out var diagnostics)
                || !expression.TryCompile(_types, type, out var compiled, out diagnostics))
            {
                throw _yaml.Error(exp, $"{what}: {string.Join("; ", diagnostics.Select(d => d.ToString()))}");
            }

            return FlowValue.Expression(compiled);
        }

        if (YamlReading.Get(map, "lit") is { } lit)
        {
            if (lit is YamlMappingNode parts && type.Kind == ArchitectTypeKind.Duration)
            {
                return FlowValue.Literal(Position(parts), ArchitectValue.Duration(Duration(parts)));
            }

            return Literal(lit, _yaml.Scalar(lit, what), type, what);
        }

        if (YamlReading.Get(map, "noValue") is not null)
        {
            return FlowValue.NoValue(type);
        }

        throw _yaml.Error(node, $"{what}: expected {{exp: <expression>}}, {{lit: <value>}} or {{noValue: true}}.");
    }

    private static string Position(YamlMappingNode parts) => string.Join(", ", parts.Children.Select(p => $"{p.Key} {p.Value}"));

    private TimeSpan Duration(YamlMappingNode parts)
    {
        var total = TimeSpan.Zero;
        foreach (var (k, v) in parts.Children)
        {
            var key = _yaml.Scalar(k, "duration");
            var amount = double.Parse(_yaml.Scalar(v, key), System.Globalization.CultureInfo.InvariantCulture);
            total += key switch
            {
                "days" => TimeSpan.FromDays(amount),
                "hours" => TimeSpan.FromHours(amount),
                "minutes" => TimeSpan.FromMinutes(amount),
                "seconds" => TimeSpan.FromSeconds(amount),
                "milliseconds" => TimeSpan.FromMilliseconds(amount),
                _ => throw _yaml.Error(k, $"'{key}' is not a duration part; use days, hours, minutes, seconds or milliseconds."),
            };
        }

        return total;
    }

    private FlowValue Literal(YamlNode node, string text, ArchitectType type, string what)
    {
        if (type.Kind == ArchitectTypeKind.String)
        {
            return FlowValue.Literal(text, ArchitectValue.String(text));
        }

        return VariableAssignments.TryParseValue(text, type, out var value, out var error)
            ? FlowValue.Literal(text, value)
            : throw _yaml.Error(node, $"{what}: {error}. For an expression write {{exp: '{text}'}}.");
    }

    [GeneratedRegex("""^\s*Find(Queue|Skill|Language)\s*\(\s*"(?<name>[^"]*)"\s*\)\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex FindCall();
}
