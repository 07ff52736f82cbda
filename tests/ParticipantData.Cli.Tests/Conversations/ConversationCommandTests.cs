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

        cli.Error.ShouldContain("using an embedded emulator at http://127.0.0.1:");
        cli.Error.ShouldContain("seeded: call ");
        exit.ShouldBe(4); // a random id is not one of the seeded conversations
    }
}
