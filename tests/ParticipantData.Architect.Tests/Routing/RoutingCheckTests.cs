using ParticipantData.Architect.Routing;

namespace ParticipantData.Architect.Tests.Routing;

public sealed class RoutingCheckTests
{
    private const string Rules = """
        getParticipantData:
          tier: Flow.tier
          score: Flow.score
        variables:
          Flow.threshold: 700
        decisions:
          - name: gold
            condition: IsSet(Flow.tier) and Flow.tier == "gold"
            expect: true
          - name: high score
            condition: ToInt(Flow.score) > Flow.threshold
            expect: false
        switches:
          - name: route
            cases:
              - name: platinum
                condition: Flow.tier == "platinum"
              - name: gold
                condition: Flow.tier == "gold"
            default: general
            expect: gold
        conditions:
          - name: tutorial platinum
            condition: {"attribute_path": "{{participant.attributes.custom.priority_tier}}", "operator": "equals", "value": "platinum"}
            expect: false
        """;

    private static readonly Dictionary<string, string> Gold = new() { ["tier"] = "gold", ["score"] = "650" };

    [Fact]
    public void Evaluates_decisions_switches_and_tutorial_conditions()
    {
        var report = RoutingCheck.Run(RoutingRules.Parse(Rules), Gold);
        report.Errors.ShouldBeEmpty();
        report.Rows.Select(r => (r.Name, r.Outcome, r.Status)).ShouldBe(
        [
            ("gold", "true", RoutingRowStatus.Passed),
            ("high score", "false", RoutingRowStatus.Passed),
            ("route", "gold", RoutingRowStatus.Passed),
            ("tutorial platinum", "false", RoutingRowStatus.Passed),
        ]);
        report.Succeeded.ShouldBeTrue();
        report.Rows[0].Expression.ShouldBe("IsSet(Flow.tier) and (Flow.tier == \"gold\")");
        report.Rows[2].Expression.ShouldBe("Flow.tier == \"gold\"");
        report.Rows[3].Expression.ShouldBe("Flow.priority_tier == \"platinum\"");
        report.Variables.Select(v => (v.Attribute, v.Variable, v.Value)).ShouldBe(
        [
            ("tier", "Flow.tier", "\"gold\""),
            ("score", "Flow.score", "\"650\""),
            ("priority_tier", "Flow.priority_tier", "NOT_SET"),
        ]);
        report.Warnings.ShouldContain(w => w.Code == "attribute-namespace" && w.Message.Contains("no 'custom' attribute namespace", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_expectation_fails_the_run_and_shows_in_the_table()
    {
        var report = RoutingCheck.Run(RoutingRules.Parse(Rules), new Dictionary<string, string> { ["tier"] = "platinum", ["score"] = "800" });
        report.Succeeded.ShouldBeFalse();
        report.Rows.Single(r => r.Name == "route").ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe("platinum"),
            r => r.Status.ShouldBe(RoutingRowStatus.Failed));
        var text = report.ToText();
        var line = text.Split('\n').Single(l => l.StartsWith("route ", StringComparison.Ordinal));
        line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ShouldBe(["route", "switch", "Flow.tier == \"platinum\"", "platinum", "gold", "FAIL"]);
        text.ShouldContain("FAILED: 1 passed, 3 failed, 0 errors");
    }

    [Fact]
    public void A_missing_attribute_is_NOT_SET_and_a_runtime_error_is_reported_with_its_position()
    {
        var report = RoutingCheck.Run(RoutingRules.Parse(Rules), new Dictionary<string, string> { ["tier"] = "gold" });
        var row = report.Rows.Single(r => r.Name == "high score");
        row.Outcome.ShouldBe("error");
        row.Status.ShouldBe(RoutingRowStatus.Error);
        row.Messages.Single().ShouldContain("runtime error in the condition at rules.yaml:11:16");
        row.Messages.Single().ShouldContain("operator '>' cannot take NOT_SET: ToInt(Flow.score) is NOT_SET");
        report.Variables.Single(v => v.Attribute == "score").Present.ShouldBeFalse();
        report.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Missing_attribute_can_be_configured_as_empty()
    {
        var rules = RoutingRules.Parse("""
            missingAttribute: empty
            getParticipantData: {tier: Flow.tier}
            decisions:
              - {name: unset, condition: 'Flow.tier == ""', expect: true}
            """);
        RoutingCheck.Run(rules, new Dictionary<string, string>()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Expected_errors_pass()
    {
        var rules = RoutingRules.Parse("""
            getParticipantData: {score: Flow.score}
            decisions:
              - {name: guarded, condition: 'ToInt(Flow.score) > 700', expect: error}
            """);
        RoutingCheck.Run(rules, new Dictionary<string, string>()).Rows[0].Status.ShouldBe(RoutingRowStatus.Passed);
    }

    [Fact]
    public void Parse_and_type_errors_are_row_errors_with_a_caret()
    {
        var rules = RoutingRules.Parse("""
            getParticipantData: {score: Flow.score}
            decisions:
              - name: typo
                condition: Flow.score > 700
              - name: syntax
                condition: Flow.score ==
            """);
        var report = RoutingCheck.Run(rules, new Dictionary<string, string> { ["score"] = "1" });
        report.Succeeded.ShouldBeFalse();
        report.Rows[0].Status.ShouldBe(RoutingRowStatus.Error);
        report.Rows[0].Messages[0].ShouldBe(
            "type error in the expression at rules.yaml:4:16:\n1:12: '>' orders two numbers, Strings, DateTimes or Durations, but Flow.score is a String and 700 is an Integer: convert with ToInt(Flow.score) or ToString(700)\n  Flow.score > 700\n             ^");
        report.Rows[1].Messages[0].ShouldStartWith("syntax error in the expression at rules.yaml:6:16:\n1:14: expected an expression after '=='");
    }

    [Fact]
    public void Typed_mappings_convert_and_report_bad_values()
    {
        var rules = RoutingRules.Parse("""
            getParticipantData:
              - {attribute: score, variable: Flow.score, type: Integer}
            decisions:
              - {name: high, condition: Flow.score > 700, expect: true}
            """);
        RoutingCheck.Run(rules, new Dictionary<string, string> { ["score"] = "720" }).Succeeded.ShouldBeTrue();
        var bad = RoutingCheck.Run(rules, new Dictionary<string, string> { ["score"] = "lots" });
        bad.Succeeded.ShouldBeFalse();
        bad.Errors.Single().ShouldContain("attribute \"score\" is \"lots\", which is not an Integer");
    }

    [Fact]
    public void Lints_case_near_misses_empty_string_comparisons_and_long_values()
    {
        var rules = RoutingRules.Parse("""
            getParticipantData: {Tier: Flow.tier, segmnt: Flow.segment}
            decisions:
              - {name: empty, condition: 'Flow.tier == "" or AreEqual(Flow.segment, "") or Flow.tier != ""'}
            """);
        var report = RoutingCheck.Run(rules, new Dictionary<string, string> { ["tier"] = "gold", ["segment"] = "smb", ["notes"] = new string('x', 300) });
        report.Warnings.Select(w => w.Code).ShouldBe(
            ["attribute-case", "attribute-case", "value-too-long", "empty-string-compare", "empty-string-compare", "empty-string-compare"],
            ignoreOrder: true);
        report.Warnings.ShouldContain(w => w.Message.StartsWith("attribute \"Tier\" is not on the participant, but \"tier\" is", StringComparison.Ordinal));
        report.Warnings.ShouldContain(w => w.Message.Contains("did you mean \"segment\"", StringComparison.Ordinal));
        report.Warnings.ShouldContain(w => w.Message == "Flow.tier == \"\" is false when Flow.tier is NOT_SET (a missing attribute gives NOT_SET, not \"\"): write IsNotSetOrEmpty(Flow.tier)");
        report.Warnings.ShouldContain(w => w.Message.StartsWith("Flow.tier != \"\" is true when", StringComparison.Ordinal) && w.Message.EndsWith("!IsNotSetOrEmpty(Flow.tier)", StringComparison.Ordinal));
        report.Warnings.ShouldContain(w => w.Message.StartsWith("attribute \"notes\" is 300 characters long", StringComparison.Ordinal));
        report.Rows[0].Status.ShouldBe(RoutingRowStatus.NotChecked);
        report.Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("{\"attribute_path\": \"{{participant.attributes.custom.priority_tier}}\", \"operator\": \"contains\", \"value\": \"plat\"}", "true")]
    [InlineData("{\"attribute_path\": \"{{participant.attributes.priority_tier}}\", \"operator\": \"not_equals\", \"value\": \"gold\"}", "true")]
    [InlineData("{\"attribute_path\": \"{{participant.attributes.system.priority_tier}}\", \"operator\": \"equals\", \"value\": \"Platinum\"}", "false")]
    public void Tutorial_conditions_resolve_against_the_flat_attribute_map(string json, string outcome)
    {
        var rules = RoutingRules.Parse($"conditions:\n  - name: c\n    condition: '{json}'\n");
        var report = RoutingCheck.Run(rules, new Dictionary<string, string> { ["priority_tier"] = "platinum" });
        report.Rows[0].Outcome.ShouldBe(outcome);
    }

    [Fact]
    public void Tutorial_contains_is_guarded_against_a_missing_attribute()
    {
        var rules = RoutingRules.Parse("conditions:\n  - condition: {attribute_path: '{{participant.attributes.custom.vip}}', operator: contains, value: 'y'}\n    expect: false\n");
        var report = RoutingCheck.Run(rules, new Dictionary<string, string>());
        report.Rows[0].Expression.ShouldBe("If(IsSet(Flow.vip), Contains(Flow.vip, \"y\"), false)");
        report.Rows[0].Status.ShouldBe(RoutingRowStatus.Passed);
        report.Rows[0].Name.ShouldBe("condition 1");
    }

    [Fact]
    public void Tutorial_path_stored_literally_with_its_namespace_is_found_with_a_warning()
    {
        var rules = RoutingRules.Parse("conditions:\n  - condition: {attribute_path: '{{participant.attributes.custom.vip}}', operator: equals, value: 'yes'}\n    expect: true\n");
        var report = RoutingCheck.Run(rules, new Dictionary<string, string> { ["custom.vip"] = "yes" });
        report.Succeeded.ShouldBeTrue();
        report.Warnings.Count(w => w.Code == "attribute-namespace").ShouldBe(2);
    }

    [Fact]
    public void Switch_takes_the_default_when_no_case_is_true()
    {
        var report = RoutingCheck.Run(RoutingRules.Parse(Rules), new Dictionary<string, string> { ["tier"] = "bronze", ["score"] = "1" });
        report.Rows.Single(r => r.Name == "route").Outcome.ShouldBe("general");
    }
}
