using System.Xml.Linq;

namespace ParticipantData.Cli.Tests.Architect;

/// <summary><c>pdata check</c> in CI: several rules files, attributes from stdin, JUnit XML, one line per failed expectation.</summary>
public sealed class CheckCiTests : IDisposable
{
    private const string Passing = """
        getParticipantData:
          loyalty_tier: Flow.tier
        decisions:
          - name: gold
            condition: Flow.tier == "gold"
            expect: true
          - name: no expectation
            condition: IsSet(Flow.tier)
        """;

    private const string Failing = """
        getParticipantData:
          loyalty_tier: Flow.tier
        decisions:
          - name: platinum
            condition: Flow.tier == "platinum"
            expect: true
        switches:
          - name: queue
            cases:
              - {name: Gold queue, condition: 'Flow.tier == "gold"'}
            default: General queue
            expect: General queue
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("pdata-ci-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task A_failing_expectation_exits_1_and_writes_a_junit_file_a_parser_reads()
    {
        var junit = Path.Combine(_dir, "out", "check.xml");
        var cli = new CliRunner(stdin: """{"loyalty_tier": "gold"}""");

        var exit = await cli.RunAsync("check", Write("passing.yaml", Passing), Write("failing.yaml", Failing), "--attributes", "-", "--junit", junit);

        exit.ShouldBe(1, cli.Out + cli.Error);
        var xml = XDocument.Load(junit);
        var suites = xml.Root!;
        suites.Name.LocalName.ShouldBe("testsuites");
        suites.Attribute("tests")!.Value.ShouldBe("4");
        suites.Attribute("failures")!.Value.ShouldBe("2");
        suites.Attribute("skipped")!.Value.ShouldBe("1");
        suites.Elements("testsuite").Select(s => s.Attribute("name")!.Value).ShouldBe(["passing.yaml", "failing.yaml"]);
        var failed = suites.Descendants("testcase").Where(c => c.Element("failure") is not null).ToList();
        failed.Select(c => c.Attribute("name")!.Value).ShouldBe(["decision platinum", "switch queue"]);
        failed[0].Element("failure")!.Attribute("message")!.Value.ShouldBe("expected true, got false");
        failed[0].Attribute("line")!.Value.ShouldBe("6");
        failed[1].Element("failure")!.Attribute("message")!.Value.ShouldBe("expected General queue, got Gold queue");
        suites.Descendants("testcase").Single(c => c.Attribute("name")!.Value == "decision gold").Elements().ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_failed_expectation_gets_one_line_with_file_and_line()
    {
        var cli = new CliRunner(stdin: """{"loyalty_tier": "gold"}""");

        (await cli.RunAsync("check", Write("failing.yaml", Failing), "--attributes", "-")).ShouldBe(1);

        var lines = cli.Out.Split('\n').Where(l => l.StartsWith("failing.yaml:", StringComparison.Ordinal)).ToList();
        lines.ShouldBe([
            "failing.yaml:6: FAIL decision \"platinum\": expected true, got false",
            "failing.yaml:12: FAIL switch \"queue\": expected General queue, got Gold queue",
        ]);
    }

    [Fact]
    public async Task Several_files_pass_together_and_json_lists_a_report_each()
    {
        var cli = new CliRunner(stdin: """{"attributes": {"loyalty_tier": "gold"}}""");

        (await cli.RunAsync("check", Write("a.yaml", Passing), Write("b.yaml", Passing), "--attributes", "-", "--json")).ShouldBe(0, cli.Error);

        using var json = System.Text.Json.JsonDocument.Parse(cli.Out);
        json.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("reports").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [InlineData("", "standard input:1:1: not valid JSON (it is empty).")]
    [InlineData("{\"tier\": ", "standard input:1:10: not valid JSON.")]
    [InlineData("{\"tier\": 5}", "standard input: the value of \"tier\" is a JSON number, not a string.")]
    public async Task Bad_attributes_on_stdin_are_a_usage_error_without_parser_noise(string stdin, string message)
    {
        var cli = new CliRunner(stdin: stdin);

        (await cli.RunAsync("check", Write("a.yaml", Passing), "--attributes", "-")).ShouldBe(2);

        cli.Error.ShouldContain("error: " + message);
        cli.Error.ShouldNotContain("LineNumber");
        cli.Error.ShouldNotContain("BytePositionInLine");
    }
}
