using ParticipantData.Architect.Routing;

namespace ParticipantData.Architect.Tests.Routing;

/// <summary>Scenarios in a rules file: each its own data source, variables and expectations, run by <see cref="RoutingCheck.RunScenario"/>.</summary>
public sealed class RoutingScenarioTests
{
    private const string Rules = """
        getParticipantData:
          tier: Flow.tier
        variables:
          Flow.open: true
        decisions:
          - name: VIP
            condition: Flow.open and IsSet(Flow.tier) and Flow.tier == "gold"
          - name: Known
            condition: IsSet(Flow.tier)
        switches:
          - name: Queue
            cases:
              - {name: Gold queue, condition: 'IsSet(Flow.tier) and Flow.tier == "gold"'}
            default: General queue
        scenarios:
          - name: Gold
            attributes: {tier: gold}
            expect: {VIP: true, Queue: Gold queue}
          - name: Closed
            attributes: {tier: gold}
            variables: {Flow.open: false}
            expect:
              VIP: false
          - name: From a fixture
            attributes: fixtures/silver.json
            expect: {Queue: General queue}
          - name: Live
            conversation: 3fa85f64-5717-4562-b3fc-2c963f66afa6
            purpose: customer
            expect: {Known: true}
          - name: Default data
            expect: {Known: false}
        """;

    [Fact]
    public void The_reader_keeps_each_scenario_s_data_source_and_expectations()
    {
        var scenarios = RoutingRules.Parse(Rules, "r.yaml").Scenarios;

        scenarios.Select(s => s.Name).ShouldBe(["Gold", "Closed", "From a fixture", "Live", "Default data"]);
        scenarios[0].Attributes.ShouldBe(new Dictionary<string, string> { ["tier"] = "gold" });
        scenarios[0].ExpectedRules.ShouldBe(["VIP", "Queue"]);
        scenarios[2].AttributesFile.ShouldBe("fixtures/silver.json");
        (scenarios[3].Conversation, scenarios[3].Purpose).ShouldBe(("3fa85f64-5717-4562-b3fc-2c963f66afa6", "customer"));
        scenarios[4].UsesDefaultData.ShouldBeTrue();
        scenarios[1].Line.ShouldBe(19);
    }

    [Fact]
    public void A_scenario_checks_only_the_rules_it_names_with_its_variables_over_the_file_s()
    {
        var rules = RoutingRules.Parse(Rules, "r.yaml");
        var gold = new Dictionary<string, string> { ["tier"] = "gold" };

        var passing = RoutingCheck.RunScenario(rules, rules.Scenarios[0], gold);
        var closed = RoutingCheck.RunScenario(rules, rules.Scenarios[1], gold);
        var wrong = RoutingCheck.RunScenario(rules, rules.Scenarios[0], new Dictionary<string, string> { ["tier"] = "silver" });

        passing.Scenario.ShouldBe("Gold");
        passing.Succeeded.ShouldBeTrue();
        passing.Rows.Select(r => (r.Name, r.Status)).ShouldBe([("VIP", RoutingRowStatus.Passed), ("Known", RoutingRowStatus.NotChecked), ("Queue", RoutingRowStatus.Passed)]);
        closed.Rows.Single(r => r.Name == "VIP").Outcome.ShouldBe("false");
        closed.Succeeded.ShouldBeTrue();
        wrong.Succeeded.ShouldBeFalse();
        wrong.Rows.Where(r => r.Status == RoutingRowStatus.Failed).Select(r => (r.Name, r.Line)).ShouldBe([("VIP", 18), ("Queue", 18)]);
    }

    [Fact]
    public void A_file_without_scenarios_has_none_and_runs_on_the_rules_own_expectations()
    {
        var rules = RoutingRules.Parse("decisions:\n  - {name: a, condition: 'true', expect: true}\n");

        rules.Scenarios.ShouldBeEmpty();
        RoutingCheck.Run(rules, new Dictionary<string, string>()).Rows.ShouldHaveSingleItem().Status.ShouldBe(RoutingRowStatus.Passed);
    }

    [Theory]
    [InlineData("scenarios: []\n", "'scenarios' is empty")]
    [InlineData("scenarios:\n  - {attributes: {}, expect: {a: true}}\n", "'name' is missing")]
    [InlineData("scenarios:\n  - {name: x, attributes: {}}\n", "scenario 'x' has no expect")]
    [InlineData("scenarios:\n  - {name: x, attributes: {}, expect: {}}\n", "scenario 'x' expects nothing")]
    [InlineData("scenarios:\n  - {name: x, attributes: {}, conversation: c, expect: {a: true}}\n", "gives both attributes and a conversation")]
    [InlineData("scenarios:\n  - {name: x, purpose: customer, expect: {a: true}}\n", "participant and purpose go with conversation")]
    [InlineData("scenarios:\n  - {name: x, atributes: {}, expect: {a: true}}\n", "unknown key 'atributes' in a scenario: did you mean 'attributes'?")]
    [InlineData("scenarios:\n  - {name: x, expect: {a: true}}\n  - {name: x, expect: {a: false}}\n", "two scenarios are named 'x'")]
    public void Bad_scenarios_say_what_to_write(string scenarios, string message)
    {
        var ex = Should.Throw<RoutingRulesException>(() => RoutingRules.Parse("decisions:\n  - {name: a, condition: 'true'}\n" + scenarios, "r.yaml"));

        ex.Problem.ShouldContain(message);
    }
}
