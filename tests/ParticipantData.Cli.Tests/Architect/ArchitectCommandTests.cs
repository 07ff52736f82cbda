using System.Text.Json;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Architect;

public sealed class ArchitectCommandTests : IDisposable
{
    private const string Rules = """
        getParticipantData:
          loyalty_tier: Flow.tier
          crm_score: Flow.score
        decisions:
          - name: vip
            condition: IsSet(Flow.tier) and Flow.tier == "gold" or ToInt(Flow.score) > 700
            expect: true
        switches:
          - name: queue
            cases:
              - {name: Platinum queue, condition: 'Flow.tier == "platinum"'}
              - {name: Gold queue, condition: 'Flow.tier == "gold"'}
            default: General queue
            expect: Gold queue
        conditions:
          - name: tutorial
            condition: {"attribute_path": "{{participant.attributes.custom.loyalty_tier}}", "operator": "equals", "value": "gold"}
            expect: true
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("pdata-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Eval_prints_the_value_and_its_type()
    {
        var cli = new CliRunner();
        (await cli.RunAsync("eval", "IsSet(Flow.tier) and Flow.tier == \"gold\" or ToInt(Flow.score) > 700", "--var", "Flow.tier=silver", "--var", "Flow.score=\"720\"")).ShouldBe(0, cli.Error);
        cli.Out.ShouldStartWith("true (Boolean)");
        cli.Out.ShouldContain("canonical: (IsSet(Flow.tier) and (Flow.tier == \"gold\")) or (ToInt(Flow.score) > 700)");
    }

    [Fact]
    public async Task Eval_json_shows_the_implicit_cast()
    {
        var cli = new CliRunner();
        (await cli.RunAsync("eval", "3+4", "--type", "String", "--json")).ShouldBe(0, cli.Error);
        using var doc = JsonDocument.Parse(cli.Out);
        doc.RootElement.GetProperty("canonical").GetString().ShouldBe("ToString(3 + 4)");
        doc.RootElement.GetProperty("type").GetString().ShouldBe("String");
        doc.RootElement.GetProperty("text").GetString().ShouldBe("7");
    }

    [Theory]
    [InlineData(new[] { "eval", "Append(\"a\" \"b\")" }, 2, "syntax error at 1:12: expected ',' or ')' after an argument of Append", "             ^")]
    [InlineData(new[] { "eval", "5+Flow.MyInteger", "--var", "Flow.MyInteger:Integer=NOT_SET" }, 1, "runtime error at 1:3: operator '+' cannot take NOT_SET", "    ^")]
    [InlineData(new[] { "eval", "Flow.x == 1" }, 2, "type error at 1:1: unknown variable Flow.x", "hint: give every variable a value: --var Flow.x=<value>")]
    [InlineData(new[] { "eval", "1", "--var", "tier=gold" }, 2, "--var tier=gold: 'tier' needs a scope", "hint:")]
    public async Task Eval_errors_point_at_the_position(string[] args, int exitCode, string message, string detail)
    {
        var cli = new CliRunner();
        (await cli.RunAsync(args)).ShouldBe(exitCode, cli.Error);
        cli.Error.ShouldContain(message);
        cli.Error.ShouldContain(detail);
    }

    [Fact]
    public async Task Check_reads_a_live_conversation_from_the_emulator()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var writer = CliRunner.For(host);
        (await writer.RunAsync("attributes", "set", conversation.Id, "loyalty_tier=gold", "Crm_Score=640")).ShouldBe(0, writer.Error);

        var cli = CliRunner.For(host);
        (await cli.RunAsync("check", Write("rules.yaml", Rules), "--conversation", conversation.Id)).ShouldBe(0, cli.Error + cli.Out);

        cli.Out.ShouldContain("Gold queue");
        cli.Out.ShouldContain("PASS");
        cli.Out.ShouldContain("warning [attribute-case] rules.yaml:3:3: attribute \"crm_score\" is not on the participant, but \"Crm_Score\" is");
        cli.Out.ShouldContain("warning [attribute-namespace]");
        cli.Out.ShouldContain("OK: 3 passed");
    }

    [Fact]
    public async Task Check_exits_1_when_an_expectation_fails()
    {
        var cli = new CliRunner();
        var code = await cli.RunAsync("check", Write("rules.yaml", Rules), "--attributes", Write("a.json", "{\"loyalty_tier\": \"platinum\", \"crm_score\": \"100\"}"), "--json");
        code.ShouldBe(1, cli.Error);
        using var doc = JsonDocument.Parse(cli.Out);
        doc.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        var queue = doc.RootElement.GetProperty("report").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "queue");
        queue.GetProperty("outcome").GetString().ShouldBe("Platinum queue");
        queue.GetProperty("status").GetString().ShouldBe("Failed");
    }

    [Fact]
    public async Task Check_exits_2_when_an_expression_does_not_parse()
    {
        var cli = new CliRunner();
        var rules = Write("bad.yaml", "decisions:\n  - name: broken\n    condition: Flow.tier ==\n");
        (await cli.RunAsync("check", rules, "--attributes", Write("a.json", "{}"))).ShouldBe(2, cli.Error);
        cli.Out.ShouldContain("syntax error in the expression at bad.yaml:3:16:");
        cli.Out.ShouldContain("expected an expression after '=='");
    }

    [Theory]
    [InlineData("decisions:\n  - name: a\n    condition: !Flow.timeout\n", "{}", "bad.yaml:3:16: the condition starts with '!'")]
    [InlineData("decisions: [{condition: 'true'}]\n", "{\"n\": 5}", "the value of \"n\" is a JSON number, not a string")]
    public async Task Check_exits_2_on_bad_input_files(string yaml, string json, string message)
    {
        var cli = new CliRunner();
        (await cli.RunAsync("check", Write("bad.yaml", yaml), "--attributes", Write("a.json", json))).ShouldBe(2, cli.Error);
        cli.Error.ShouldContain(message);
    }

    [Fact]
    public async Task Check_of_a_file_without_scenarios_needs_one_attribute_source()
    {
        var cli = new CliRunner();
        (await cli.RunAsync("check", Write("rules.yaml", Rules))).ShouldBe(2);
        cli.Error.ShouldContain("rules.yaml has no scenarios: give --attributes <file.json|-> or --conversation <id> to check it against.");

        var both = new CliRunner();
        (await both.RunAsync("check", Write("rules.yaml", Rules), "--attributes", "-", "--conversation", "3fa85f64-5717-4562-b3fc-2c963f66afa6")).ShouldBe(2);
        both.Error.ShouldContain("Give one of --conversation <id> and --attributes <file.json>, not both.");
    }
}
