using ParticipantData.Architect.Routing;

namespace ParticipantData.Architect.Tests.Routing;

public sealed class RoutingRulesParseTests
{
    [Theory]
    [InlineData("decisions:\n  - name: a\n    condition: Flow.a: b\n", 3, 22, "not valid YAML")]
    [InlineData("decisions:\n  - name: a\n    condition: !Flow.timeout\n", 3, 16, "starts with '!', which YAML reads as a tag: quote the expression, e.g. condition: '!Flow.timeout'")]
    [InlineData("decisoins: []\n", 1, 1, "unknown key 'decisoins' in the rules file: did you mean 'decisions'?")]
    [InlineData("getParticipantData: {tier: Flow.tier}\n", 1, 1, "nothing to check")]
    [InlineData("decisions:\n  - name: a\n", 2, 5, "'condition' is missing")]
    [InlineData("decisions:\n  - {name: a, condition: 'true', expect: maybe}\n", 2, 42, "expect is true, false or error")]
    [InlineData("getParticipantData: {tier: tier}\ndecisions: [{condition: 'true'}]\n", 1, 28, "'tier' needs a scope")]
    [InlineData("switches:\n  - name: s\n    cases: [{name: a, condition: 'true'}]\n    expect: b\n", 4, 13, "expect 'b' is not a path of switch 's': expected one of 'a', 'default' or 'error'")]
    [InlineData("switches:\n  - name: s\n    cases: []\n", 3, 12, "a Switch has 1 to 64 cases")]
    [InlineData("conditions:\n  - condition: {attribute_path: x, operator: startsWith, value: y}\n", 2, 16, "unknown operator \"startsWith\"")]
    [InlineData("variables:\n  Flow.n: {type: Integer, value: abc}\n", 2, 34, "cannot read \"abc\" as an Integer")]
    [InlineData("decisions:\n  - {name: a, condition: 'true'}\n  - {name: a, condition: 'false'}\n", 3, 5, "the name 'a' is used twice")]
    [InlineData("- a\n", 1, 1, "expected a mapping")]
    public void Bad_rules_name_the_line_and_column_and_what_to_do(string yaml, int line, int column, string message)
    {
        var ex = Should.Throw<RoutingRulesException>(() => RoutingRules.Parse(yaml, "r.yaml"));
        ex.Problem.ShouldContain(message);
        (ex.Line, ex.Column).ShouldBe((line, column));
        ex.Message.ShouldStartWith($"r.yaml:{line}:{column}: ");
    }

    [Fact]
    public void Lists_the_attribute_names_it_reads()
    {
        var rules = RoutingRules.Parse("""
            getParticipantData:
              - {attribute: tier, variable: Flow.tier}
              - {attribute: score, variable: Flow.score, type: Integer}
            conditions:
              - condition: '{"attribute_path": "{{participant.attributes.custom.priority_tier}}", "operator": "equals", "value": "platinum"}'
            """);
        rules.AttributeNames.ShouldBe(["tier", "score", "priority_tier"]);
    }
}
