using ParticipantData.Architect.Evaluation;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Routing;

/// <summary>The <c>scenarios:</c> part of a rules file: each scenario's data source, variables and expectations per rule.</summary>
internal sealed partial class RoutingRulesReader
{
    private static readonly string[] ScenarioKeys = ["name", "attributes", "conversation", "participant", "purpose", "variables", "expect"];

    private List<RoutingScenario> ReadScenarios(YamlNode node, List<DecisionRule> decisions, List<SwitchRule> switches, List<TutorialConditionRule> conditions)
    {
        // With scenarios, the expectations live in the scenarios: a rule's own expect would be ambiguous.
        var ownExpect = decisions.Select(d => (d.Name, d.Expect)).Concat(switches.Select(s => (s.Name, s.Expect))).Concat(conditions.Select(c => (c.Name, c.Expect)))
            .FirstOrDefault(r => r.Expect is not null);
        if (ownExpect.Expect is { } expect)
        {
            throw new RoutingRulesException(_source, expect.Position.Line, expect.Position.Column,
                $"rule '{ownExpect.Name}' has its own expect, and the file has scenarios: move it into the expect of each scenario (\"{ownExpect.Name}: {expect.Text}\"); a rule's own expect is for files without scenarios");
        }

        var rules = new Dictionary<string, Func<YamlNode, Expectation>>(StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            rules[decision.Name] = n => BooleanExpectation(n);
        }

        foreach (var condition in conditions)
        {
            rules[condition.Name] = n => BooleanExpectation(n);
        }

        foreach (var rule in switches)
        {
            rules[rule.Name] = n => PathExpectation(n, rule);
        }

        var scenarios = new List<RoutingScenario>();
        foreach (var item in Sequence(node, "scenarios"))
        {
            var scenario = ReadScenario(Mapping(item, "a scenario (name, attributes or conversation, optional variables, expect)"), rules);
            if (scenarios.Any(s => s.Name == scenario.Name))
            {
                throw Error(item, $"two scenarios are named '{scenario.Name}': give each its own name (names identify test cases in the report)");
            }

            scenarios.Add(scenario);
        }

        if (scenarios.Count == 0)
        {
            throw Error(node, "'scenarios' is empty: give at least one scenario, or remove the key");
        }

        return scenarios;
    }

    private RoutingScenario ReadScenario(YamlMappingNode map, Dictionary<string, Func<YamlNode, Expectation>> rules)
    {
        CheckKeys(map, "a scenario", ScenarioKeys);
        var name = Scalar(Required(map, "name"), "name");
        IReadOnlyDictionary<string, string>? attributes = null;
        string? file = null;
        if (Get(map, "attributes") is { } attributesNode)
        {
            if (attributesNode is YamlMappingNode inline)
            {
                attributes = inline.Children.ToDictionary(
                    kv => Scalar(kv.Key, "an attribute name"),
                    kv => Scalar(kv.Value, $"the value of attribute '{Scalar(kv.Key, "an attribute name")}' (participant data values are strings)"),
                    StringComparer.Ordinal);
            }
            else
            {
                file = Scalar(attributesNode, "attributes: a file of attributes (JSON), - for standard input, or a mapping of attribute: value");
                if (file.Trim().Length == 0)
                {
                    throw Error(attributesNode, "attributes is empty: give a JSON file, - for standard input, or attribute: value pairs");
                }
            }
        }

        var conversation = Get(map, "conversation") is { } c ? Scalar(c, "conversation (a conversation id)") : null;
        if (conversation is not null && (attributes is not null || file is not null))
        {
            throw Error(map, $"scenario '{name}' gives both attributes and a conversation: give one (the participant data comes from one place)");
        }

        var participant = Get(map, "participant") is { } p ? Scalar(p, "participant (a participant id)") : null;
        var purpose = Get(map, "purpose") is { } pu ? Scalar(pu, "purpose") : null;
        if (conversation is null && (participant is not null || purpose is not null))
        {
            throw Error(map, $"scenario '{name}': participant and purpose go with conversation");
        }

        var variables = Get(map, "variables") is { } vars ? ReadVariables(vars) : [];
        var expectNode = Get(map, "expect") ?? throw Error(map, $"scenario '{name}' has no expect: list the outcome you expect of each rule, e.g. expect: {{{rules.Keys.First()}: ...}}");
        var expectations = new Dictionary<string, Expectation>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(expectNode, "expect: a mapping of rule name → expected outcome").Children)
        {
            var rule = Scalar(key, "a rule name");
            if (!rules.TryGetValue(rule, out var read))
            {
                var suggestion = rules.Keys.OrderBy(r => Similarity.EditDistance(r.ToUpperInvariant(), rule.ToUpperInvariant())).First();
                var close = Similarity.EditDistance(suggestion.ToUpperInvariant(), rule.ToUpperInvariant()) <= 3;
                throw Error(key, $"scenario '{name}' expects an outcome of '{rule}', which is no rule of this file" +
                    (close ? $": did you mean '{suggestion}'?" : $": the rules are {string.Join(", ", rules.Keys.Select(r => "'" + r + "'"))}"));
            }

            expectations[rule] = read(value);
        }

        if (expectations.Count == 0)
        {
            throw Error(expectNode, $"scenario '{name}' expects nothing: name at least one rule and its outcome");
        }

        return new RoutingScenario(name, (int)map.Start.Line, attributes, file, conversation, participant, purpose, variables, expectations);
    }

    private Expectation BooleanExpectation(YamlNode node) => Scalar(node, "an expected outcome").ToLowerInvariant() switch
    {
        "true" or "yes" => new Expectation("true", Position(node)),
        "false" or "no" => new Expectation("false", Position(node)),
        Expectation.ErrorOutcome => new Expectation(Expectation.ErrorOutcome, Position(node)),
        _ => throw Error(node, "the outcome of a decision or condition is true, false or error"),
    };

    private Expectation PathExpectation(YamlNode node, SwitchRule rule)
    {
        var text = Scalar(node, "an expected path");
        var expectation = new Expectation(text, Position(node));
        if (!expectation.ExpectsError && !rule.Cases.Any(c => c.Name == text) && text != rule.DefaultName)
        {
            throw Error(node, $"'{text}' is not a path of switch '{rule.Name}': expected one of {string.Join(", ", rule.Cases.Select(c => "'" + c.Name + "'").Append("'" + rule.DefaultName + "'"))} or 'error'");
        }

        return expectation;
    }
}
