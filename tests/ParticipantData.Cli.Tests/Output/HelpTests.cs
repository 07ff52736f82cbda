using System.CommandLine;

namespace ParticipantData.Cli.Tests.Output;

public sealed class HelpTests
{
    [Fact]
    public async Task Pdata_alone_prints_the_help_and_exits_0()
    {
        var cli = new CliRunner();

        (await cli.RunAsync()).ShouldBe(0);

        cli.Out.ShouldContain("Usage:");
        cli.Out.ShouldContain("Commands:");
        cli.Out.ShouldContain("Examples:\n  pdata demo");
        cli.Error.ShouldBeEmpty();
    }

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in AllCommands(PdataCli.Build(new CliRunner().Context)))
        {
            data.Add(command);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_s_help_ends_with_examples_of_itself(string command)
    {
        var cli = new CliRunner();

        (await cli.RunAsync([.. command.Split(' '), "--help"])).ShouldBe(0, cli.Error);

        var examples = cli.Out[cli.Out.IndexOf("Examples:\n", StringComparison.Ordinal)..];
        examples.Split('\n').Skip(1).First().ShouldStartWith("  pdata " + command.Split(' ')[0]);
    }

    [Theory]
    [InlineData(new[] { "demoo" }, "'demoo' was not matched. Did you mean one of the following? demo.", "pdata --help")]
    [InlineData(new[] { "attributes", "gett" }, "'gett' was not matched. Did you mean one of the following? get.", "pdata attributes --help")]
    [InlineData(new[] { "eval", "1", "--jsn" }, "'--jsn' was not matched. Did you mean one of the following? --json.", "pdata eval --help")]
    public async Task Unknown_commands_and_options_get_did_you_mean(string[] args, string suggestion, string help)
    {
        var cli = new CliRunner();

        (await cli.RunAsync(args)).ShouldBe(2);

        cli.Error.ShouldContain("error: Unrecognized command or argument");
        cli.Error.ShouldContain("hint: " + suggestion);
        cli.Error.ShouldContain($"Run '{help}' for usage.");
        cli.Error.ShouldNotContain("Required command was not provided");
    }

    [Theory]
    [InlineData("conversation get", true)]
    [InlineData("attributes get", true)]
    [InlineData("attributes set", true)]
    [InlineData("watch", true)]
    [InlineData("check", true)]
    [InlineData("eval", false)]
    [InlineData("demo", false)]
    [InlineData("emulator", false)]
    public async Task Connection_options_appear_only_on_commands_that_connect(string command, bool connects)
    {
        var cli = new CliRunner();

        (await cli.RunAsync([.. command.Split(' '), "--help"])).ShouldBe(0);

        cli.Out.Contains("--api-url", StringComparison.Ordinal).ShouldBe(connects);
        cli.Out.Contains("--timeout", StringComparison.Ordinal).ShouldBe(connects);
    }

    [Fact]
    public async Task Eval_rejects_api_url_instead_of_ignoring_it()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("eval", "1 + 1", "--api-url", "http://127.0.0.1:5080")).ShouldBe(2);

        cli.Error.ShouldContain("Unrecognized command or argument '--api-url'");
    }

    private static IEnumerable<string> AllCommands(Command command, string prefix = "")
    {
        foreach (var sub in command.Subcommands)
        {
            var path = (prefix + " " + sub.Name).Trim();
            yield return path;
            foreach (var nested in AllCommands(sub, path))
            {
                yield return nested;
            }
        }
    }
}
