using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Admin;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Create_without_a_body_is_an_inbound_call_with_customer_ivr_and_acd()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PostAsync("/emulator/v1/conversations", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.JsonObjectAsync();
        body["participants"]!.AsArray().Select(p => p!["purpose"].Str()).ShouldBe(["customer", "ivr", "acd"]);
        body["participants"]!.AsArray().ShouldAllBe(p => p!["calls"]![0]!["direction"]!.GetValue<string>() == "inbound");
        emu.Host.Conversations.Single().MediaType.ShouldBe("call");
    }

    [Theory]
    [InlineData("call", "calls", new[] { "customer", "ivr", "acd" })]
    [InlineData("message", "messages", new[] { "customer", "acd" })]
    [InlineData("email", "emails", new[] { "customer", "acd" })]
    [InlineData("callback", "callbacks", new[] { "customer", "acd" })]
    public async Task Create_fills_each_media_types_defaults(string mediaType, string mediaArray, string[] purposes)
    {
        await using var emu = await TestEmulator.StartAsync();

        var body = await emu.CreateConversationAsync($$"""{"mediaType":"{{mediaType}}"}""");

        body["participants"]!.AsArray().Select(p => p!["purpose"].Str()).ShouldBe(purposes);
        foreach (var participant in body["participants"]!.AsArray())
        {
            participant![mediaArray]!.AsArray().Single()!["state"].Str().ShouldBe("connected");
        }

        var emulated = emu.Host.Conversations.Single();
        emulated.MediaType.ShouldBe(mediaType);
        emulated.Ended.ShouldBeFalse();
    }

    [Fact]
    public async Task Created_body_and_location_equal_what_the_platform_get_returns()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var created = await emu.Http.PostAsync("/emulator/v1/conversations", TestEmulator.Json("""{"mediaType":"email"}"""));
        var createdJson = await created.Content.ReadAsStringAsync();
        var id = JsonNode.Parse(createdJson)!["id"].Str();
        using var get = await emu.GetAsync("/api/v2/conversations/" + id);

        created.Headers.Location!.OriginalString.ShouldBe("/api/v2/conversations/" + id);
        (await get.Content.ReadAsStringAsync()).ShouldBe(createdJson);
    }

    [Fact]
    public async Task Create_with_custom_participants_keeps_their_order_names_addresses_and_attributes()
    {
        await using var emu = await TestEmulator.StartAsync();

        var body = await emu.CreateConversationAsync("""
            {"mediaType":"message","participants":[
              {"purpose":"customer","name":"Ada","attributes":{"caseId":"C-1","tier":"gold"}},
              {"purpose":"agent","name":"Bob"},
              {"purpose":"external","address":"ext@example.com"}]}
            """);

        var participants = body["participants"]!.AsArray().Select(p => p!.AsObject()).ToList();
        participants.Select(p => p["purpose"].Str()).ShouldBe(["customer", "agent", "external"]);
        participants[0]["name"].Str().ShouldBe("Ada");
        participants[0]["attributes"]!["caseId"].Str().ShouldBe("C-1");
        participants[0]["attributes"]!["tier"].Str().ShouldBe("gold");
        participants[1]["name"].Str().ShouldBe("Bob");
        participants[1]["userId"].Str().ShouldNotBeNullOrEmpty();
        participants[2]["address"].Str().ShouldBe("ext@example.com");
        participants[0]["messages"]![0]!["type"].Str().ShouldBe("webmessaging");
    }

    [Theory]
    [InlineData("""{"mediaType":"chat"}""", "invalid.value", "Allowable values are: call, message, email, callback")]
    [InlineData("""{"mediaType":7}""", "invalid.value", "[mediaType]")]
    [InlineData("""{"participants":[]}""", "bad.request", "at least one participant")]
    [InlineData("""{"participants":[{"name":"x"}]}""", "bad.request", "participants[0].purpose is required")]
    [InlineData("""{"participants":[{"purpose":"customer","attributes":{"n":1}}]}""", "invalid.value", "attribute [n]")]
    [InlineData("""{"mediaType":""", "bad.request", "malformed syntax")]
    public async Task Invalid_create_requests_are_400_saying_what_is_wrong(string json, string code, string message)
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PostAsync("/emulator/v1/conversations", TestEmulator.Json(json));

        await response.ShouldBeErrorAsync(400, code, message);
        emu.Host.Conversations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Disconnect_ends_the_conversation_and_answers_its_json()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.Http.PostAsync($"/emulator/v1/conversations/{conversation.Id()}/disconnect", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonObjectAsync();
        body["endTime"].Str().ShouldNotBeNullOrEmpty();
        body["participants"]!.AsArray().ShouldAllBe(p => p!["calls"]![0]!["state"]!.GetValue<string>() == "disconnected");
        emu.Host.Conversations.Single().Ended.ShouldBeTrue();
        using var get = await emu.GetAsync("/api/v2/conversations/" + conversation.Id());
        (await get.Content.ReadAsStringAsync()).ShouldBe(body.Serialize());
    }

    [Fact]
    public async Task Disconnect_twice_keeps_the_first_end_time()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        using var first = await emu.Http.PostAsync($"/emulator/v1/conversations/{conversation.Id()}/disconnect", null);

        using var second = await emu.Http.PostAsync($"/emulator/v1/conversations/{conversation.Id()}/disconnect", null);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Disconnect_of_an_unknown_conversation_is_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = Guid.NewGuid().ToString();

        using var response = await emu.Http.PostAsync($"/emulator/v1/conversations/{id}/disconnect", null);

        await response.ShouldBeErrorAsync(404, "not.found", id);
    }

    [Fact]
    public async Task List_returns_every_conversation_oldest_first_in_the_generic_form()
    {
        await using var emu = await TestEmulator.StartAsync();
        var call = await emu.CreateConversationAsync();
        var message = await emu.CreateConversationAsync("""{"mediaType":"message"}""");

        using var response = await emu.Http.GetAsync("/emulator/v1/conversations");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var entities = (await response.JsonObjectAsync())["entities"]!.AsArray();
        entities.Select(e => e!["id"].Str()).ShouldBe([call.Id(), message.Id()]);
        entities[1]!.Serialize().ShouldBe(message.Serialize());
    }

    [Fact]
    public async Task Admin_get_of_one_conversation_and_health_answer_without_a_token()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var get = await emu.Http.GetAsync("/emulator/v1/conversations/" + conversation.Id());
        using var health = await emu.Http.GetAsync("/emulator/v1/health");

        (await get.Content.ReadAsStringAsync()).ShouldBe(conversation.Serialize());
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await health.JsonObjectAsync())["status"].Str().ShouldBe("ok");
    }
}
