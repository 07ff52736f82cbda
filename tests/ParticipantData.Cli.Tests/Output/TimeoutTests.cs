using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Tests.Output;

public sealed class TimeoutTests
{
    private const string SlowPlan = """{"name": "slow", "rules": [{"route": "/api/v2/conversations/**", "probability": 1, "action": {"type": "latency", "ms": 20000}}]}""";

    [Fact]
    public async Task Timeout_bounds_a_command_and_exits_5_saying_so()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true, FaultPlan = FaultPlan.Parse(SlowPlan) });
        var cli = CliRunner.For(host);
        var started = Environment.TickCount64;

        (await cli.RunAsync("conversation", "get", host.Conversations[0].Id, "--timeout", "300ms")).ShouldBe(5, cli.Error);

        (Environment.TickCount64 - started).ShouldBeLessThan(15_000); // not the 20 s the emulator waits
        cli.Error.ShouldContain("error: pdata conversation get did not finish within 300 ms (--timeout).");
        cli.Error.ShouldContain("hint: The platform answered too slowly or not at all");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1s")]
    [InlineData("soon")]
    public async Task A_bad_timeout_is_a_usage_error(string value)
    {
        var cli = new CliRunner();

        (await cli.RunAsync("attributes", "get", Guid.NewGuid().ToString(), "--timeout", value)).ShouldBe(2);

        cli.Error.ShouldContain($"--timeout must be a positive duration such as 30, 30s, 500ms or 2m; got '{value}'.");
    }

    [Fact]
    public async Task A_slow_answer_shows_a_spinner_on_a_terminal()
    {
        var plan = SlowPlan.Replace("20000", "1500", StringComparison.Ordinal);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true, FaultPlan = FaultPlan.Parse(plan) });
        var error = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        var output = new StringWriter();
        var plain = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        var environment = new System.Collections.Hashtable { ["GENESYSCLOUD_API_URL"] = host.BaseUri.ToString() };
        var cli = new CliContext(plain, terminal, output, environment, TimeProvider.System, CliRunner.NewSession()) { Interactive = true };

        (await PdataCli.RunAsync(["conversation", "get", host.Conversations[0].Id, "--quiet"], cli)).ShouldBe(0);

        error.ToString().ShouldContain("Waiting for the platform…");
        output.ToString().ShouldContain(host.Conversations[0].Id);
    }
}
