using System.Text.Json;

namespace ParticipantData.Cli.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_writes_and_reads_back_on_a_call_and_a_web_messaging_conversation_and_exits_0()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("demo");

        exit.ShouldBe(0, cli.Error);
        cli.Out.ShouldContain("Created a voice call");
        cli.Out.ShouldContain("Created a web-messaging conversation");
        cli.Out.ShouldContain("loyalty_tier");
        cli.Out.ShouldContain("priority_tier");
        cli.Out.ShouldContain("Created a contended voice call");
        cli.Out.ShouldContain("absorbed, values verified by reading back");
        cli.Out.ShouldContain("Through the relay: 202 in");
        cli.Out.ShouldContain("All 7 values read back as written.");
    }

    [Fact]
    public async Task Demo_json_reports_every_step_with_what_was_written_and_read()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("demo", "--json");

        exit.ShouldBe(0, cli.Error);
        using var doc = JsonDocument.Parse(cli.Out);
        doc.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        var steps = doc.RootElement.GetProperty("steps").EnumerateArray().ToList();
        steps.Count.ShouldBe(7);
        steps.Select(s => s.GetProperty("mediaType").GetString()).Distinct().ShouldBe(["call", "message", "call (contended)", "call (relay)"], ignoreOrder: true);
        steps.ShouldAllBe(s => s.GetProperty("written").GetString() == s.GetProperty("readBack").GetString());
        var contended = steps.Where(s => s.GetProperty("mediaType").GetString() == "call (contended)").ToList();
        contended.ShouldAllBe(s => s.GetProperty("outcome").GetString() == "verified");
        contended.ShouldAllBe(s => s.GetProperty("conflictsAbsorbed").GetInt32() >= 0);
        var relayed = steps.Single(s => s.GetProperty("mediaType").GetString() == "call (relay)");
        relayed.GetProperty("outcome").GetString().ShouldBe("queued"); // the data action's output: accepted, delivered later
        relayed.GetProperty("match").GetBoolean().ShouldBeTrue();
    }
}
