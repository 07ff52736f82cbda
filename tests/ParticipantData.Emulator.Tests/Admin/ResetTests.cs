using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Admin;

public sealed class ResetTests
{
    [Fact]
    public async Task Reset_returns_to_the_configured_start_state()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.SeedConversations = true;
            o.SeedIdsFromSeed = true;
            o.Seed = 4;
            o.SeededConversations.Add(new NewConversation("call", [new NewParticipant("customer", Attributes: new Dictionary<string, string> { ["tier"] = "gold" })]));
            o.FaultPlan = FaultPlan.Parse("""{"name": "once", "rules": [{"route": "/api/v2/conversations/*", "requests": [2], "action": {"type": "status", "status": 503}}]}""");
        });
        var seeded = emu.Host.Conversations.Single();
        var token = await emu.TokenAsync();
        using (await emu.PatchJsonAsync($"/api/v2/conversations/{seeded.Id}/participants/{seeded.Participants[0].Id}/attributes", """{"attributes": {"tier": "bronze"}}""", token))
        {
        }

        await emu.CreateConversationAsync();
        using (await emu.GetAsync($"/api/v2/conversations/{seeded.Id}", token))
        {
        }

        using var reset = await emu.Http.PostAsync("/emulator/v1/reset", null);
        var journal = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/requests"))!["entities"]!.AsArray();
        using var again = await emu.GetAsync($"/api/v2/conversations/{seeded.Id}", token); // the same token still works
        using var faulted = await emu.GetAsync($"/api/v2/conversations/{seeded.Id}", token);

        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = (await reset.JsonObjectAsync())["entities"]!.AsArray();
        listed.Single()!["id"].Str().ShouldBe(seeded.Id);
        emu.Host.Conversations.Single().Participants[0].Attributes["tier"].ShouldBe("gold");
        journal.ShouldBeEmpty();
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        faulted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable); // the plan's request numbering restarted
    }

    [Fact]
    public async Task Reset_closes_the_rate_limit_windows()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RequestsPerMinute = 2);
        var token = await emu.TokenAsync();
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await emu.GetAsync($"/api/v2/conversations/{Guid.NewGuid()}", token);
        }

        using var limited = await emu.GetAsync($"/api/v2/conversations/{Guid.NewGuid()}", token);
        var listed = await emu.Host.ResetAsync();
        using var afterReset = await emu.GetAsync($"/api/v2/conversations/{Guid.NewGuid()}", token);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        listed.ShouldBeEmpty();
        afterReset.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
