using ParticipantData.Architect.Evaluation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Routing;

/// <summary>
/// Reads the rules YAML through YamlDotNet's node model (not a deserializer) so that every message can name the
/// line and column it is about, and so that unknown keys are caught with a "did you mean".
/// </summary>
internal sealed partial class RoutingRulesReader
{
    private static readonly string[] TopLevelKeys = ["missingAttribute", "getParticipantData", "variables", "decisions", "switches", "conditions", "scenarios"];

    private readonly string _source;

    private RoutingRulesReader(string source) => _source = source;

    public static RoutingRules Read(string yaml, string sourceName)
    {
        var reader = new RoutingRulesReader(sourceName);
        var root = YamlRoot.Load(
            yaml,
            (line, column, message) => new RoutingRulesException(sourceName, line, column,
                $"not valid YAML: {message}. Check the indentation, and quote an expression that contains ': ', ' #' or starts with '!', '\"', '{{', '[' or '*' (e.g. condition: '!Flow.timeout')."),
            (line, column) => new RoutingRulesException(sourceName, line, column,
                "expected a mapping with 'getParticipantData', 'decisions', 'switches' and/or 'conditions' (see docs/architect.md)"));
        return reader.ReadRoot(root);
    }

    private RoutingRules ReadRoot(YamlMappingNode root)
    {
        CheckKeys(root, "the rules file", TopLevelKeys);
        var missing = MissingAttributeBehavior.NotSet;
        if (Get(root, "missingAttribute") is { } missingNode)
        {
            missing = Scalar(missingNode, "missingAttribute").ToUpperInvariant() switch
            {
                "NOTSET" or "NOT_SET" => MissingAttributeBehavior.NotSet,
                "EMPTY" => MissingAttributeBehavior.Empty,
                _ => throw Error(missingNode, "missingAttribute is 'notSet' (the default) or 'empty'"),
            };
        }

        var mappings = Get(root, "getParticipantData") is { } gpd ? ReadMappings(gpd) : [];
        var variables = Get(root, "variables") is { } vars ? ReadVariables(vars) : [];
        var decisions = Get(root, "decisions") is { } d ? Sequence(d, "decisions").Select(ReadDecision).ToList() : [];
        var switches = Get(root, "switches") is { } s ? Sequence(s, "switches").Select(ReadSwitch).ToList() : [];
        var conditions = Get(root, "conditions") is { } c ? Sequence(c, "conditions").Select(ReadTutorialCondition).ToList() : [];
        if (decisions.Count + switches.Count + conditions.Count == 0)
        {
            throw Error(root, "nothing to check: add 'decisions', 'switches' or 'conditions'");
        }

        var names = decisions.Select(x => (x.Name, x.Position)).Concat(switches.Select(x => (x.Name, x.Position))).Concat(conditions.Select(x => (x.Name, x.Position)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, position) in names)
        {
            if (!seen.Add(name))
            {
                throw new RoutingRulesException(_source, position.Line, position.Column, $"the name '{name}' is used twice; names identify rows in the report");
            }
        }

        var scenarios = Get(root, "scenarios") is { } list ? ReadScenarios(list, decisions, switches, conditions) : [];
        return new RoutingRules(_source, missing, mappings, variables, decisions, switches, conditions) { Scenarios = scenarios };
    }

    private List<AttributeMapping> ReadMappings(YamlNode node)
    {
        var result = new List<AttributeMapping>();
        if (node is YamlMappingNode map)
        {
            // Short form: attribute: Flow.variable
            foreach (var (key, value) in map.Children)
            {
                result.Add(Mapping(Scalar(key, "an attribute name"), value, ArchitectType.String, key));
            }
        }
        else
        {
            foreach (var item in Sequence(node, "getParticipantData"))
            {
                var entry = Mapping(item, "a getParticipantData entry (attribute, variable, optional type)");
                CheckKeys(entry, "a getParticipantData entry", "attribute", "variable", "type");
                var attribute = Scalar(Required(entry, "attribute"), "attribute");
                var type = ArchitectType.String;
                if (Get(entry, "type") is { } typeNode && !ArchitectType.TryParse(Scalar(typeNode, "type"), out type))
                {
                    throw Error(typeNode, "unknown type: expected String, Integer, Decimal, Boolean, DateTime or JSON");
                }

                result.Add(Mapping(attribute, Required(entry, "variable"), type, item));
            }
        }

        return result;
    }

    private AttributeMapping Mapping(string attribute, YamlNode variableNode, ArchitectType type, YamlNode at)
    {
        if (attribute.Length == 0)
        {
            throw Error(at, "an attribute name is empty (Get Participant Data rejects a blank name)");
        }

        if (type.IsCollection)
        {
            throw Error(at, "Get Participant Data reads a single string; a collection type cannot be mapped");
        }

        var variable = Scalar(variableNode, "a variable");
        if (!VariableName.TryNormalize(variable, out var normalized, out var error))
        {
            throw Error(variableNode, error);
        }

        return new AttributeMapping(attribute, normalized, type, Position(at));
    }

    private List<FixedVariable> ReadVariables(YamlNode node)
    {
        var result = new List<FixedVariable>();
        foreach (var (key, value) in Mapping(node, "variables (name: value, or name: {type: T, value: v})").Children)
        {
            var name = Scalar(key, "a variable name");
            if (!VariableName.TryNormalize(name, out var normalized, out var error))
            {
                throw Error(key, error);
            }

            ArchitectType? type = null;
            string text;
            YamlNode valueNode = value;
            if (value is YamlMappingNode typed)
            {
                CheckKeys(typed, $"variable {name}", "type", "value");
                var typeNode = Required(typed, "type");
                if (!ArchitectType.TryParse(Scalar(typeNode, "type"), out type))
                {
                    throw Error(typeNode, "unknown type: expected String, Integer, Decimal, Boolean, DateTime, Duration, JSON, PhoneNumber or one of them + Collection");
                }

                valueNode = Required(typed, "value");
                text = valueNode is YamlSequenceNode ? SequenceAsJson(valueNode) : Scalar(valueNode, "value");
            }
            else if (value is YamlSequenceNode)
            {
                text = SequenceAsJson(value);
            }
            else
            {
                text = Scalar(value, "a value");
                // A quoted YAML scalar is a String whatever it looks like, as a quoted --var value is.
                if (value is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted })
                {
                    type = ArchitectType.String;
                }
            }

            if (!VariableAssignments.TryParseValue(text, type, out var parsed, out var valueError))
            {
                throw Error(valueNode, valueError);
            }

            result.Add(new FixedVariable(normalized, parsed, Position(key)));
        }

        return result;
    }

    private string SequenceAsJson(YamlNode node) =>
        System.Text.Json.JsonSerializer.Serialize(((YamlSequenceNode)node).Children.Select(c => Scalar(c, "a collection item")).ToList());

    private DecisionRule ReadDecision(YamlNode node, int index)
    {
        var map = Mapping(node, "a decision (name, condition, optional expect)");
        CheckKeys(map, "a decision", "name", "condition", "expect");
        var name = Get(map, "name") is { } n ? Scalar(n, "name") : $"decision {index + 1}";
        return new DecisionRule(name, Expression(Required(map, "condition"), "condition"), ReadExpectation(map, boolean: true), Position(node));
    }

    private SwitchRule ReadSwitch(YamlNode node, int index)
    {
        var map = Mapping(node, "a switch (name, cases, optional default and expect)");
        CheckKeys(map, "a switch", "name", "cases", "default", "expect");
        var name = Get(map, "name") is { } n ? Scalar(n, "name") : $"switch {index + 1}";
        var casesNode = Required(map, "cases");
        var cases = new List<SwitchCase>();
        foreach (var (caseNode, i) in Sequence(casesNode, "cases").Select((c, i) => (c, i)))
        {
            // Both "- condition: …" entries and the Archy-like "- case: {value: …}" are common; accept the plain one.
            var caseMap = Mapping(caseNode, "a case (optional name, condition)");
            CheckKeys(caseMap, "a case", "name", "condition");
            var caseName = Get(caseMap, "name") is { } cn ? Scalar(cn, "name") : $"case {i + 1}";
            cases.Add(new SwitchCase(caseName, Expression(Required(caseMap, "condition"), "condition")));
        }

        // DOC [AS] ArchActionSwitch: 1..64 cases, not counting the default.
        if (cases.Count is 0 or > 64)
        {
            throw Error(casesNode, $"a Switch has 1 to 64 cases besides the default; this one has {cases.Count}");
        }

        var defaultName = Get(map, "default") is { } dn ? Scalar(dn, "default") : "default";
        var duplicate = cases.Select(c => c.Name).Append(defaultName).GroupBy(x => x, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Error(casesNode, $"two paths of switch '{name}' are called '{duplicate.Key}'; name the cases apart so the expected outcome is clear");
        }

        var expect = ReadExpectation(map, boolean: false);
        if (expect is not null && !expect.ExpectsError && !cases.Any(c => c.Name == expect.Text) && expect.Text != defaultName)
        {
            throw new RoutingRulesException(_source, expect.Position.Line, expect.Position.Column,
                $"expect '{expect.Text}' is not a path of switch '{name}': expected one of {string.Join(", ", cases.Select(c => "'" + c.Name + "'").Append("'" + defaultName + "'"))} or 'error'");
        }

        return new SwitchRule(name, cases, defaultName, expect, Position(node));
    }

    private TutorialConditionRule ReadTutorialCondition(YamlNode node, int index)
    {
        var map = Mapping(node, "a condition (name, condition, optional expect)");
        CheckKeys(map, "a condition", "name", "condition", "expect");
        var name = Get(map, "name") is { } n ? Scalar(n, "name") : $"condition {index + 1}";
        var conditionNode = Required(map, "condition");
        Dictionary<string, string?> fields;
        if (conditionNode is YamlMappingNode fieldMap)
        {
            fields = fieldMap.Children.ToDictionary(kv => Scalar(kv.Key, "a field name"), kv => kv.Value is YamlScalarNode s ? s.Value : null, StringComparer.Ordinal);
        }
        else
        {
            // The tutorial's JSON, pasted as a string.
            try
            {
                fields = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(Scalar(conditionNode, "condition"))!
                    .ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == System.Text.Json.JsonValueKind.String ? kv.Value.GetString() : kv.Value.GetRawText(), StringComparer.Ordinal);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw Error(conditionNode, "expected the tutorial's JSON object {\"attribute_path\": …, \"operator\": …, \"value\": …}: " + ex.Message);
            }
        }

        var unknown = fields.Keys.FirstOrDefault(k => k is not ("attribute_path" or "operator" or "value"));
        if (unknown is not null)
        {
            throw Error(conditionNode, $"unknown field \"{unknown}\" in a tutorial condition: expected attribute_path, operator, value");
        }

        var condition = TutorialCondition.Create(fields.GetValueOrDefault("attribute_path"), fields.GetValueOrDefault("operator"), fields.GetValueOrDefault("value"), out var error);
        if (error is not null)
        {
            throw Error(conditionNode, error);
        }

        return new TutorialConditionRule(name, condition, ReadExpectation(map, boolean: true), Position(node));
    }

    private Expectation? ReadExpectation(YamlMappingNode map, bool boolean)
    {
        if (Get(map, "expect") is not { } node)
        {
            return null;
        }

        var text = Scalar(node, "expect");
        if (boolean)
        {
            text = text.ToLowerInvariant() switch
            {
                "true" or "yes" => "true",
                "false" or "no" => "false",
                Expectation.ErrorOutcome => Expectation.ErrorOutcome,
                _ => throw Error(node, "expect is true, false or error for a condition"),
            };
        }

        return new Expectation(text, Position(node));
    }

    private RuleExpression Expression(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar && !scalar.Tag.IsEmpty && scalar.Style == ScalarStyle.Plain)
        {
            throw Error(node, $"the {what} starts with '!', which YAML reads as a tag: quote the expression, e.g. {what}: '{scalar.Tag.Value}{(string.IsNullOrEmpty(scalar.Value) ? "" : " " + scalar.Value)}'");
        }

        var text = Scalar(node, what);
        if (text.Trim().Length == 0)
        {
            throw Error(node, $"the {what} is empty");
        }

        return new RuleExpression(text, Position(node));
    }

    private void CheckKeys(YamlMappingNode map, string what, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = Scalar(key, "a key");
            if (allowed.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var suggestion = allowed.OrderBy(a => Similarity.EditDistance(a.ToUpperInvariant(), name.ToUpperInvariant())).First();
            var close = Similarity.EditDistance(suggestion.ToUpperInvariant(), name.ToUpperInvariant()) <= 3;
            throw Error(key, $"unknown key '{name}' in {what}" + (close ? $": did you mean '{suggestion}'?" : $": expected {string.Join(", ", allowed)}"));
        }
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && string.Equals(s.Value, key, StringComparison.Ordinal)).Value;

    private YamlNode Required(YamlMappingNode map, string key) =>
        Get(map, key) ?? throw Error(map, $"'{key}' is missing");

    private YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"expected {what}");

    private IEnumerable<YamlNode> Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"expected a list under '{what}' (items start with '- ')");

    private string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode scalar ? scalar.Value ?? "" : throw Error(node, $"expected {what} as a single value, found a {(node is YamlMappingNode ? "mapping" : "list")}");

    private RoutingRulesException Error(YamlNode node, string message) =>
        new(_source, (int)node.Start.Line, (int)node.Start.Column, message);

    private static RulePosition Position(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);
}
