using System.Net;
using ParticipantData.Emulator;
using ParticipantData.Relay.Tests.Support;

namespace ParticipantData.Relay.Tests.Crash;

public sealed class ProcessStopTests
{
    [Fact]
    public async Task SIGTERM_stops_the_relay_cleanly_and_what_it_acknowledged_is_delivered()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var created = await emulator.CreateConversationAsync(new NewConversation("call"));
        var customer = created.Participants.First(p => p.Purpose == "customer").Id;
        var store = Path.Combine(Path.GetTempPath(), "pdata-relay-tests", Guid.NewGuid().ToString("N"), "relay.db");
        await using var relay = await RelayProcess.StartAsync(emulator, store);
        using var http = RelayRig.ClientFor(relay.BaseUri);

        using var response = await http.PostAsync("/v1/writes", new StringContent(RelayRig.WriteJson(created.Id, customer, new { loyalty_tier = "gold" }), System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var deadline = Environment.TickCount64 + 20_000;
        while (!emulator.Conversations.First(c => c.Id == created.Id).Participants.First(p => p.Id == customer).Attributes.ContainsKey("loyalty_tier") && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        var code = await relay.TerminateAsync();

        code.ShouldBe(0, relay.Output);
        emulator.Conversations.First(c => c.Id == created.Id).Participants.First(p => p.Id == customer).Attributes["loyalty_tier"].ShouldBe("gold");
    }
}
