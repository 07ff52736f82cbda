using System.Text.Json;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Conversations;

public sealed class ConversationCommandTests
{
    [Fact]
    public async Task Get_shows_participants_with_purpose_state_and_attributes()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call", [new NewParticipant("customer", "Ada", new Dictionary<string, string> { ["case_id"] = "12345" }), new NewParticipant("agent")]));
        var cli = CliRunner.For(host);

        (await cli.RunAsync("conversation", "get", conversation.Id)).ShouldBe(0, cli.Error);

        cli.Out.ShouldContain($"Conversation {conversation.Id} · call · active");
        cli.Out.ShouldContain("case_id=12345");
        cli.Out.ShouldContain("agent");
    }

    [Fact]
    public async Task Get_json_describes_a_web_messaging_conversation()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("message"));
        var cli = CliRunner.For(host);

        (await cli.RunAsync("conversation", "get", conversation.Id, "--json")).ShouldBe(0, cli.Error);

        using var doc = JsonDocument.Parse(cli.Out);
        doc.RootElement.GetProperty("mediaType").GetString().ShouldBe("message");
        var customer = doc.RootElement.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("purpose").GetString() == "customer");
        customer.GetProperty("messageType").GetString().ShouldBe("webmessaging");
    }

    [Fact]
    public async Task With_no_settings_the_embedded_emulator_is_used_and_announced()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("conversation", "get", Guid.NewGuid().ToString());

        cli.Error.ShouldContain("using a fresh embedded emulator at http://127.0.0.1:");
        cli.Error.ShouldContain("seeded: call ");
        exit.ShouldBe(4); // a random id is not one of the seeded conversations
    }

    [Fact]
    public async Task Not_found_on_the_embedded_emulator_says_so_and_prints_the_export_line()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("attributes", "set", Guid.NewGuid().ToString(), "tier=gold")).ShouldBe(4);

        cli.Error.ShouldContain("this ran on a fresh embedded emulator (http://127.0.0.1:");
        cli.Error.ShouldContain("with ids of its own");
        cli.Error.ShouldContain("Start one with 'pdata emulator --port 5080' and point pdata at it: export GENESYSCLOUD_API_URL=http://127.0.0.1:5080");
    }

    [Fact]
    public async Task Not_found_on_the_embedded_emulator_names_the_running_pdata_emulator()
    {
        var session = CliRunner.NewSession();
        var emulator = new CliRunner(session: session);
        using var stop = new CancellationTokenSource();
        var run = emulator.RunAsync(stop.Token, "emulator", "--port", "0");
        var url = await Emulator.EmulatorCommandTests.WaitForUrlAsync(emulator, run);
        var cli = new CliRunner(session: session);

        (await cli.RunAsync("conversation", "get", Guid.NewGuid().ToString())).ShouldBe(4);

        cli.Error.ShouldContain($"To use the running 'pdata emulator': export GENESYSCLOUD_API_URL={url.GetLeftPart(UriPartial.Authority)}");
        await stop.CancelAsync();
        (await run).ShouldBe(0);
        session.RunningEmulators().ShouldBeEmpty(); // unregistered when it stops
    }
}
