using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Emulator.Configuration;

/// <summary>
/// YAML as the JSON the emulator's readers already understand (admin create body, lifecycle, fault plan): plain
/// scalars become null, booleans and numbers where they look like one, quoted scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    /// <exception cref="FormatException">The YAML is malformed; the message gives line and column.</exception>
    public static JsonNode? Convert(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: the YAML is malformed: {Plain(e)}", e);
        }

        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode, sourceName);
    }

    private static JsonNode? Node(YamlNode node, string sourceName) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, sourceName),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(child => Node(child, sourceName))]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"{sourceName}:{node.Start.Line}:{node.Start.Column}: aliases and tags are not supported here."),
    };

    private static JsonObject Mapping(YamlMappingNode mapping, string sourceName)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text
                : throw new FormatException($"{sourceName}:{key.Start.Line}:{key.Start.Column}: keys must be plain names.");
            if (result.ContainsKey(name))
            {
                throw new FormatException($"{sourceName}:{key.Start.Line}:{key.Start.Column}: '{name}' is given twice.");
            }

            result[name] = Node(value, sourceName);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }

    // YamlDotNet's messages start with "(Line: 3, Col: 5, Idx: 20) - (…): "; the position is given separately.
    private static string Plain(YamlException e)
    {
        var message = e.Message;
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        return at >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(at + 3)..] : message;
    }
}
