using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Emulator.Tests.WebMessaging;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Dashboard;

public sealed class DashboardEndpointTests
{
    [Fact]
    public async Task The_root_redirects_to_the_dashboard_whose_files_come_from_the_assembly_and_nothing_is_journaled()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = emu.Host.BaseUri };

        using var root = await noRedirects.GetAsync("/");
        root.StatusCode.ShouldBe(HttpStatusCode.Found);
        root.Headers.Location!.ToString().ShouldBe("/emulator/ui/");
        using var page = await emu.Http.GetAsync("/emulator/ui/");
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<script src=\"/emulator/ui/app.js\"");
        html.ShouldNotContain("http://", Case.Insensitive, "no CDN: everything from this origin");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'self'");
        (await emu.Http.GetAsync("/emulator/ui/app.js")).Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await emu.Http.GetAsync("/emulator/ui/app.css")).Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        using var missing = await emu.Http.GetAsync("/emulator/ui/nope.js");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.JsonObjectAsync())["code"].Str().ShouldBe("not.found");

        var journal = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/requests"))!["entities"]!.AsArray();
        journal.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_state_shows_each_attribute_with_its_history_and_who_wrote_it()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync("""{"participants":[{"purpose":"customer","attributes":{"tier":"silver"}},{"purpose":"acd"}]}""");
        var customer = conversation.ParticipantId("customer");
        (await emu.PatchJsonAsync($"/api/v2/conversations/{conversation.Id()}/participants/{customer}/attributes", """{"attributes":{"tier":"gold"}}""")).Dispose();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        var guestConversation = (await guest.SendMessageAsync("hi", new Dictionary<string, string> { ["device"] = "mobile" }))["conversationId"].Str();

        var state = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/dashboard"))!;

        var conversations = state["conversations"]!.AsArray();
        conversations[0]!["id"].Str().ShouldBe(guestConversation, "newest first");
        var tier = Attribute(conversations[1]!, "customer", "tier");
        tier["value"].Str().ShouldBe("gold");
        var history = tier["history"]!.AsArray();
        history.Select(h => (h!["value"].Str(), h["source"].Str(), h["writer"]?.GetValue<string>())).ShouldBe(
            [("silver", "created", null), ("gold", "api", emu.Host.DefaultClient.ClientId)]);
        var device = Attribute(conversations[0]!, "customer", "device")["history"]!.AsArray().Single()!;
        device["source"].Str().ShouldBe("guest");
        state["deploymentIds"]!.AsArray().Select(d => d.Str()).ShouldBe([WebMessagingOptions.DefaultDeploymentId]);
    }

    [Fact]
    public async Task Flow_writes_and_write_backs_are_told_apart_in_the_history()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Lifecycle = new LifecycleOptions { Jitter = 0, DtmfInterval = TimeSpan.Zero, HoldInterval = TimeSpan.Zero };
        });
        var call = await emu.Host.CreateConversationAsync();

        for (var second = 0; second < 9; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var state = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/dashboard"))!;
        var sources = state["conversations"]!.AsArray().Single()!["participants"]!.AsArray()
            .Single(p => p!["purpose"].Str() == "customer")!["attributes"]!.AsArray()
            .SelectMany(a => a!["history"]!.AsArray()).Select(h => h!["source"].Str()).Distinct().Order().ToList();
        sources.ShouldBe(["flow", "write-back"], call.Id);
    }

    [Fact]
    public async Task The_timeline_samples_requests_409s_429s_and_5xx_per_interval_on_the_emulator_s_clock_once_the_dashboard_is_read()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.FaultPlan = FaultPlan.Parse("""{"rules":[{"route":"GET /api/v2/conversations/*","requests":[2],"action":{"type":"status","status":503}}]}""");
        });
        var token = await emu.TokenAsync();
        (await emu.Http.GetStringAsync("/emulator/v1/dashboard")).ShouldContain("\"timeline\":[]", Case.Sensitive, "sampling starts when the dashboard is first read");
        clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            (await emu.GetAsync("/api/v2/conversations/" + Guid.NewGuid(), token)).Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(1));

        var timeline = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/dashboard"))!["timeline"]!.AsArray();
        timeline.Count.ShouldBe(2);
        timeline[0]!["requests"]!.GetValue<long>().ShouldBe(1, "the token request");
        timeline[1]!["requests"]!.GetValue<long>().ShouldBe(3);
        timeline[1]!["serverErrors"]!.GetValue<long>().ShouldBe(1);
    }

    private static JsonObject Attribute(JsonNode conversation, string purpose, string key) =>
        conversation["participants"]!.AsArray().Single(p => p!["purpose"].Str() == purpose)!["attributes"]!.AsArray()
            .Single(a => a!["key"].Str() == key)!.AsObject();
}
