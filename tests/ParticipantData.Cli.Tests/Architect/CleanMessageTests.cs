namespace ParticipantData.Cli.Tests.Architect;

/// <summary>Messages that say what Architect expects instead, with a caret, correct plurals and no .NET parser noise.</summary>
public sealed class CleanMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pdata-messages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("{{participant.attributes.tier}} == \"gold\"", "syntax error at 1:1: '{{...}}' is template syntax", "becomes Flow.tier == \"gold\"", "  ^")]
    [InlineData("Flow.a == \"x\" && true", "syntax error at 1:15: expected 'and' ('&&' and '&' are not Architect operators)", "  Flow.a == \"x\" && true", "                ^")]
    [InlineData("Flow.a == 'x'", "syntax error at 1:11: expected a string in double quotes (single quotes do not delimit strings)", "  Flow.a == 'x'", "            ^")]
    public async Task Template_syntax_and_operators_of_other_languages_say_what_Architect_expects(string expression, string message, string detail, string caret)
    {
        var cli = new CliRunner();

        (await cli.RunAsync("eval", expression, "--var", "Flow.a=x")).ShouldBe(2);

        cli.Error.ShouldContain(message);
        cli.Error.ShouldContain(detail);
        cli.Error.Split('\n').ShouldContain(caret);
    }

    [Fact]
    public async Task The_conversation_attributes_root_gets_the_namespace_warning_and_mapping()
    {
        var rules = Path.Combine(_dir, "rules.yaml");
        await File.WriteAllTextAsync(rules, """
            conditions:
              - name: tutorial
                condition: {"attribute_path": "{{conversation.attributes.custom.tier}}", "operator": "equals", "value": "gold"}
                expect: true
            """);
        var cli = new CliRunner(stdin: """{"tier": "gold"}""");

        (await cli.RunAsync("check", rules, "--attributes", "-")).ShouldBe(0, cli.Out + cli.Error);

        cli.Out.ShouldContain("Flow.tier == \"gold\"");
        cli.Out.ShouldContain("warning [attribute-namespace]");
        cli.Out.ShouldContain("Genesys Cloud has no 'custom' attribute namespace");
        cli.Out.ShouldContain("OK: 1 passed, 1 warning");
        cli.Out.ShouldNotContain("1 warnings");
    }

    [Fact]
    public async Task Summaries_use_correct_plurals()
    {
        var rules = Path.Combine(_dir, "rules.yaml");
        await File.WriteAllTextAsync(rules, """
            decisions:
              - name: broken
                condition: 'Flow.x +'
                expect: true
            """);
        var cli = new CliRunner(stdin: "{}");

        (await cli.RunAsync("check", rules, "--attributes", "-")).ShouldBe(2);

        cli.Out.ShouldContain("FAILED: 0 passed, 0 failed, 1 error, 0 warnings");
    }
}
