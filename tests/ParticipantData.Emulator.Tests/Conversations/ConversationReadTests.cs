using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Conversations;

public sealed class ConversationReadTests
{
    [Fact]
    public async Task Generic_get_of_a_call_has_customer_ivr_and_acd_with_media_in_calls_and_no_participant_state()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.CreateConversationAsync();

        using var response = await emu.GetAsync("/api/v2/conversations/" + created.Id());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversation = await response.JsonObjectAsync();
        conversation["id"].Str().ShouldBe(created.Id());
        Guid.TryParse(conversation["id"].Str(), out _).ShouldBeTrue();
        conversation["selfUri"].Str().ShouldBe("/api/v2/conversations/" + created.Id());
        conversation["startTime"].Str().ShouldBe("2026-11-21T09:00:00.000Z");
        conversation.ContainsKey("endTime").ShouldBeFalse();
        conversation.ContainsKey("state").ShouldBeFalse();
        var participants = conversation["participants"]!.AsArray().Select(p => p!.AsObject()).ToList();
        participants.Select(p => p["purpose"].Str()).ShouldBe(["customer", "ivr", "acd"]);
        participants.Select(p => p["id"].Str()).Distinct().Count().ShouldBe(3);
        foreach (var participant in participants)
        {
            Guid.TryParse(participant["id"].Str(), out _).ShouldBeTrue();
            participant.ContainsKey("state").ShouldBeFalse();
            participant["startTime"].Str().ShouldBe("2026-11-21T09:00:00.000Z");
            participant["connectedTime"].Str().ShouldBe("2026-11-21T09:00:00.000Z");
            participant["attributes"]!.AsObject().Count.ShouldBe(0);
            var call = participant["calls"]!.AsArray().Single()!.AsObject();
            call["state"].Str().ShouldBe("connected");
            call["direction"].Str().ShouldBe("inbound");
            participant.ContainsKey("messages").ShouldBeFalse();
        }

        var customer = conversation.Participant("customer");
        customer["address"].Str().ShouldBe("tel:+13175550123");
        customer["ani"].Str().ShouldBe("tel:+13175550123");
        customer["dnis"].Str().ShouldBe("tel:+18005550100");
        conversation.Participant("acd")["queueId"].Str().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Call_media_get_is_a_CallConversation_with_participant_state()
    {
        await using var emu = await TestEmulator.StartAsync();
        var created = await emu.CreateConversationAsync("""{"mediaType":"call"}""");

        using var response = await emu.GetAsync("/api/v2/conversations/calls/" + created.Id());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = await response.JsonObjectAsync();
        call["selfUri"].Str().ShouldBe("/api/v2/conversations/calls/" + created.Id());
        var participants = call["participants"]!.AsArray().Select(p => p!.AsObject()).ToList();
        participants.Select(p => p["id"].Str()).ShouldBe(created["participants"]!.AsArray().Select(p => p!["id"].Str()));
        participants.ShouldAllBe(p => p["state"]!.GetValue<string>() == "connected");
        participants[0]["ani"].Str().ShouldBe("tel:+13175550123");
        participants[0].ContainsKey("calls").ShouldBeFalse();
    }

    [Fact]
    public async Task Message_media_get_is_a_web_messaging_MessageConversation()
    {
        await using var emu = await TestEmulator.StartAsync();
        var created = await emu.CreateConversationAsync("""{"mediaType":"message"}""");

        using var response = await emu.GetAsync("/api/v2/conversations/messages/" + created.Id());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = await response.JsonObjectAsync();
        var customer = message.Participant("customer");
        customer["type"].Str().ShouldBe("webmessaging");
        customer["state"].Str().ShouldBe("connected");
        created.Participant("customer")["messages"]!.AsArray().Single()!["type"].Str().ShouldBe("webmessaging");
    }

    [Theory]
    [InlineData("email", "emails")]
    [InlineData("callback", "callbacks")]
    public async Task Email_and_callback_media_gets_have_customer_and_acd(string mediaType, string segment)
    {
        await using var emu = await TestEmulator.StartAsync();
        var created = await emu.CreateConversationAsync($$"""{"mediaType":"{{mediaType}}"}""");

        using var response = await emu.GetAsync($"/api/v2/conversations/{segment}/{created.Id()}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonObjectAsync();
        body["selfUri"].Str().ShouldBe($"/api/v2/conversations/{segment}/{created.Id()}");
        body["participants"]!.AsArray().Select(p => p!["purpose"].Str()).ShouldBe(["customer", "acd"]);
        body["participants"]!.AsArray().ShouldAllBe(p => p!["state"]!.GetValue<string>() == "connected");
        created.Participant("customer")[segment]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Disconnected_conversation_shows_end_times_and_disconnected_states()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.CreateConversationAsync();
        clock.Advance(TimeSpan.FromMilliseconds(61_250));
        await emu.Host.DisconnectConversationAsync(created.Id());

        using var generic = await emu.GetAsync("/api/v2/conversations/" + created.Id());
        using var media = await emu.GetAsync("/api/v2/conversations/calls/" + created.Id());

        var conversation = await generic.JsonObjectAsync();
        conversation["endTime"].Str().ShouldBe("2026-11-21T09:01:01.250Z");
        foreach (var participant in conversation["participants"]!.AsArray())
        {
            participant!["endTime"].Str().ShouldBe("2026-11-21T09:01:01.250Z");
            var call = participant["calls"]![0]!;
            call["state"].Str().ShouldBe("disconnected");
            call["disconnectedTime"].Str().ShouldBe("2026-11-21T09:01:01.250Z");
        }

        (await media.JsonObjectAsync())["participants"]!.AsArray()
            .ShouldAllBe(p => p!["state"]!.GetValue<string>() == "disconnected" && p["endTime"] != null);
    }

    [Theory]
    [InlineData("call", "messages")]
    [InlineData("message", "calls")]
    [InlineData("email", "callbacks")]
    [InlineData("callback", "emails")]
    public async Task Media_get_for_a_conversation_of_another_media_type_is_404(string mediaType, string segment)
    {
        await using var emu = await TestEmulator.StartAsync();
        var created = await emu.CreateConversationAsync($$"""{"mediaType":"{{mediaType}}"}""");

        using var response = await emu.GetAsync($"/api/v2/conversations/{segment}/{created.Id()}");

        await response.ShouldBeErrorAsync(404, "not.found", created.Id(), $"is a {mediaType} conversation");
    }

    [Theory]
    [InlineData("/api/v2/conversations/")]
    [InlineData("/api/v2/conversations/calls/")]
    [InlineData("/api/v2/conversations/messages/")]
    public async Task Unknown_conversation_is_404_not_found(string prefix)
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = Guid.NewGuid().ToString();

        using var response = await emu.GetAsync(prefix + id);

        await response.ShouldBeErrorAsync(404, "not.found", id);
    }

    [Fact]
    public async Task Times_are_utc_with_milliseconds_and_z()
    {
        await using var emu = await TestEmulator.StartAsync();
        var created = await emu.CreateConversationAsync();
        var start = created["startTime"].Str();
        start.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
        DateTimeOffset.Parse(start, CultureInfo.InvariantCulture).Offset.ShouldBe(TimeSpan.Zero);
    }
}
