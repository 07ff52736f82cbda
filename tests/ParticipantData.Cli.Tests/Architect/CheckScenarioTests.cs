using System.Xml;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Architect;

/// <summary><c>pdata check</c> with several scenarios per rules file: each with its data source, variables and expectations.</summary>
public sealed class CheckScenarioTests : IDisposable
{
    // Line numbers matter: the failure lines and the JUnit cases name them.
    private const string Rules = """
        getParticipantData:
          loyalty_tier: Flow.tier
        variables:
          Flow.open: true
        decisions:
          - name: VIP
            condition: Flow.open and Flow.tier == "gold"
        switches:
          - name: Queue
            cases:
              - {name: Gold queue, condition: 'Flow.tier == "gold"'}
            default: General queue
        scenarios:
          - name: Gold member
            attributes:
              loyalty_tier: gold
            expect:
              VIP: true
              Queue: Gold queue
          - name: Silver member
            attributes: silver.json
            expect:
              VIP: true
              Queue: General queue
          - name: Closed
            attributes: {loyalty_tier: gold}
            variables:
              Flow.open: false
            expect:
              VIP: false
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("pdata-scenarios-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Every_scenario_passes_and_the_junit_file_has_a_case_per_scenario_and_expectation()
    {
        var rules = Write("rules/rules.yaml", Rules.Replace("VIP: true\n      Queue: General queue", "VIP: false\n      Queue: General queue", StringComparison.Ordinal));
        Write("rules/silver.json", """{"loyalty_tier": "silver"}""");
        var junit = Path.Combine(_dir, "check.xml");
        var cli = new CliRunner();

        (await cli.RunAsync("check", rules, "--junit", junit)).ShouldBe(0, cli.Out + cli.Error);

        cli.Out.ShouldContain("rules.yaml, scenario \"Gold member\"");
        cli.Out.ShouldContain("rules.yaml, scenario \"Closed\"");
        var cases = ReadCases(junit);
        cases.Select(c => c.Name).ShouldBe([
            "Gold member: decision VIP", "Gold member: switch Queue",
            "Silver member: decision VIP", "Silver member: switch Queue",
            "Closed: decision VIP",
        ]);
        cases.ShouldAllBe(c => c.Outcome == "passed");
        cases[4].Line.ShouldBe("30");
    }

    [Fact]
    public async Task A_failing_scenario_exits_1_with_one_line_per_failed_expectation_and_a_junit_failure()
    {
        var rules = Write("rules.yaml", Rules);
        Write("silver.json", """{"loyalty_tier": "silver"}""");
        var junit = Path.Combine(_dir, "out", "check.xml");
        var cli = new CliRunner();

        (await cli.RunAsync("check", rules, "--junit", junit)).ShouldBe(1, cli.Out + cli.Error);

        var lines = cli.Out.Split('\n').Where(l => l.StartsWith("rules.yaml:", StringComparison.Ordinal)).ToList();
        lines.ShouldBe(["rules.yaml:23: FAIL decision \"VIP\" in scenario \"Silver member\": expected true, got false"]);
        var cases = ReadCases(junit);
        cases.Count.ShouldBe(5);
        var failed = cases.Where(c => c.Outcome == "failure").ShouldHaveSingleItem();
        failed.Name.ShouldBe("Silver member: decision VIP");
        failed.Message.ShouldBe("expected true, got false");
        failed.Line.ShouldBe("23");
        failed.File.ShouldBe("rules.yaml");
    }

    [Fact]
    public async Task A_scenario_reads_its_fixture_from_standard_input_and_one_without_data_takes_the_command_line_attributes()
    {
        var rules = Write("rules.yaml", """
            getParticipantData:
              loyalty_tier: Flow.tier
            decisions:
              - name: VIP
                condition: Flow.tier == "gold"
            scenarios:
              - name: From stdin
                attributes: "-"
                expect: {VIP: true}
              - name: From the command line
                expect: {VIP: true}
            """);
        var cli = new CliRunner(stdin: """{"loyalty_tier": "gold"}""");

        (await cli.RunAsync("check", rules, "--attributes", "-", "--json")).ShouldBe(0, cli.Out + cli.Error);

        using var json = System.Text.Json.JsonDocument.Parse(cli.Out);
        var reports = json.RootElement.GetProperty("reports").EnumerateArray().ToList();
        reports.Select(r => r.GetProperty("scenario").GetString()).ShouldBe(["From stdin", "From the command line"]);
        reports.ShouldAllBe(r => r.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task A_scenario_without_data_and_no_command_line_data_is_a_usage_error_naming_its_line()
    {
        var rules = Write("rules.yaml", """
            decisions:
              - name: VIP
                condition: Flow.tier == "gold"
            variables:
              Flow.tier: gold
            scenarios:
              - name: Nothing
                expect: {VIP: true}
            """);
        var cli = new CliRunner();

        (await cli.RunAsync("check", rules)).ShouldBe(2);

        cli.Error.ShouldContain("rules.yaml:7: scenario 'Nothing' names no participant data.");
    }

    [Fact]
    public async Task A_scenario_reads_a_live_conversation_of_the_emulator()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var writer = CliRunner.For(host);
        (await writer.RunAsync("attributes", "set", conversation.Id, "loyalty_tier=gold")).ShouldBe(0, writer.Error);
        var rules = Write("rules.yaml", $"""
            getParticipantData:
              loyalty_tier: Flow.tier
            decisions:
              - name: VIP
                condition: IsSet(Flow.tier) and Flow.tier == "gold"
            scenarios:
              - name: Live call
                conversation: {conversation.Id}
                purpose: customer
                expect: {"{"}VIP: true{"}"}
              - name: Live call, agent side
                conversation: {conversation.Id}
                purpose: acd
                expect: {"{"}VIP: false{"}"}
            """);

        var cli = CliRunner.For(host);
        (await cli.RunAsync("check", rules)).ShouldBe(0, cli.Out + cli.Error);

        cli.Out.ShouldContain("rules.yaml, scenario \"Live call\"");
        cli.Out.ShouldContain("rules.yaml, scenario \"Live call, agent side\"");
    }

    [Theory]
    [InlineData("    expect: {VPI: true}", "rules.yaml:6:14: scenario 'A' expects an outcome of 'VPI', which is no rule of this file: did you mean 'VIP'?")]
    [InlineData("    expect: {Queue: Silver queue}", "rules.yaml:6:21: 'Silver queue' is not a path of switch 'Queue': expected one of 'Gold queue', 'General queue' or 'error'")]
    [InlineData("    expect: {VIP: maybe}", "rules.yaml:6:19: the outcome of a decision or condition is true, false or error")]
    [InlineData("    attributes: {tier: {nested: x}}", "expected the value of attribute 'tier' (participant data values are strings) as a single value, found a mapping")]
    public async Task Mistakes_in_a_scenario_name_the_line_and_what_to_write(string line, string message)
    {
        var rules = Write("rules.yaml", $"""
            decisions: [{"{"}name: VIP, condition: 'Flow.tier == "gold"'{"}"}]
            switches: [{"{"}name: Queue, cases: [{"{"}name: Gold queue, condition: 'Flow.tier == "gold"'{"}"}], default: General queue{"}"}]
            variables: {"{"}Flow.tier: gold{"}"}
            scenarios:
              - name: A
            {line}
            """ + (line.Contains("expect", StringComparison.Ordinal) ? "" : "\n    expect: {VIP: true}\n"));
        var cli = new CliRunner();

        (await cli.RunAsync("check", rules, "--attributes", "-")).ShouldBe(2, cli.Out);

        cli.Error.ShouldContain(message);
    }

    [Fact]
    public async Task A_rule_with_its_own_expect_in_a_file_with_scenarios_says_where_the_expectation_goes()
    {
        var rules = Write("rules.yaml", """
            decisions:
              - name: VIP
                condition: Flow.tier == "gold"
                expect: true
            scenarios:
              - name: A
                attributes: {}
                expect: {VIP: false}
            """);
        var cli = new CliRunner();

        (await cli.RunAsync("check", rules)).ShouldBe(2);

        cli.Error.ShouldContain("rules.yaml:4:13: rule 'VIP' has its own expect, and the file has scenarios: move it into the expect of each scenario (\"VIP: true\")");
    }

    [Fact]
    public async Task The_examples_scenarios_file_passes_from_any_folder()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("check", Path.Combine(ReadmeTests.RepositoryRoot(), "examples", "rules-scenarios.yaml"))).ShouldBe(0, cli.Out + cli.Error);

        cli.Out.ShouldContain("scenario \"Gold member while the VIP queue is closed\"");
    }

    private sealed record Case(string Name, string Outcome, string? Message, string? File, string? Line);

    /// <summary>Reads the report with a plain <see cref="XmlReader"/>, as a CI system's JUnit reader would (no DTDs).</summary>
    private static List<Case> ReadCases(string path)
    {
        var cases = new List<Case>();
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        string? name = null, file = null, line = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Name == "testcase")
            {
                if (name is not null)
                {
                    cases.Add(new Case(name, "passed", null, file, line));
                }

                (name, file, line) = (reader.GetAttribute("name"), reader.GetAttribute("file"), reader.GetAttribute("line"));
                if (reader.IsEmptyElement)
                {
                    cases.Add(new Case(name!, "passed", null, file, line));
                    name = null;
                }
            }
            else if (reader.Name is "failure" or "error" or "skipped" && name is not null)
            {
                cases.Add(new Case(name, reader.Name, reader.GetAttribute("message"), file, line));
                name = null;
            }
        }

        if (name is not null)
        {
            cases.Add(new Case(name, "passed", null, file, line));
        }

        return cases;
    }
}
