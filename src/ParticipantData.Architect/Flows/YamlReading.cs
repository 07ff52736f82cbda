using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Flows;

/// <summary>
/// Reads YAML through YamlDotNet's node model so that every message names the line and column it is about.
/// </summary>
internal sealed class YamlReading(string source)
{
    public string Source { get; } = source;

    public YamlMappingNode LoadRoot(string yaml, string expected) => YamlRoot.Load(
        yaml,
        (line, column, message) => new FlowLoadException($"{Source}:{line}:{column}: not valid YAML: {message}. Check the indentation, and quote an expression that contains ': ' or starts with '!', '\"', '{{' or '['."),
        (_, _) => new FlowLoadException($"{Source}:1:1: expected {expected}."));

    public FlowLoadException Error(YamlNode node, string message) =>
        new($"{Source}:{node.Start.Line}:{node.Start.Column}: {message}");

    public static YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode s && string.Equals(s.Value, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    public YamlMappingNode Map(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping.");

    public YamlMappingNode? OptionalMap(YamlMappingNode parent, string key) =>
        Get(parent, key) is { } node ? Map(node, key) : null;

    public YamlSequenceNode? OptionalSequence(YamlMappingNode parent, string key) => Get(parent, key) switch
    {
        null => null,
        YamlSequenceNode s => s,
        YamlScalarNode { Value: null or "" or "~" or "null" } => null,
        var other => throw Error(other, $"{key} must be a list."),
    };

    public string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode s && s.Value is not null ? s.Value : throw Error(node, $"{what} must be a single value.");

    public string? OptionalScalar(YamlMappingNode parent, string key) =>
        Get(parent, key) is { } node ? Scalar(node, key) : null;

    /// <summary>The only key of a one-key mapping such as <c>- decision: {...}</c>.</summary>
    public (string Key, YamlNode Value) Single(YamlNode node, string what)
    {
        var map = Map(node, what);
        if (map.Children.Count != 1 || map.Children.First().Key is not YamlScalarNode { Value: { } key })
        {
            throw Error(node, $"{what} must be a mapping with exactly one key (its kind), e.g. '- decision: ...'.");
        }

        return (key, map.Children.First().Value);
    }

    public static string Position(YamlNode node) => string.Create(CultureInfo.InvariantCulture, $"{node.Start.Line}:{node.Start.Column}");
}
