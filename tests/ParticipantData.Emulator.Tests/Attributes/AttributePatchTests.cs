using System.Net;
using System.Text;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Attributes;

public sealed class AttributePatchTests
{
    private static string GenericPath(string conversationId, string participantId) =>
        $"/api/v2/conversations/{conversationId}/participants/{participantId}/attributes";

    private static string MediaPath(string segment, string conversationId, string participantId) =>
        $"/api/v2/conversations/{segment}/{conversationId}/participants/{participantId}/attributes";

    [Fact]
    public async Task Generic_patch_is_202_with_no_body_and_the_attributes_show_on_get()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var customer = conversation.ParticipantId("customer");

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), customer), """{"attributes":{"tier":"gold"}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        using var get = await emu.GetAsync("/api/v2/conversations/" + conversation.Id());
        (await get.JsonObjectAsync()).Participant("customer")["attributes"]!["tier"].Str().ShouldBe("gold");
    }

    [Theory]
    [InlineData("call", "calls")]
    [InlineData("message", "messages")]
    [InlineData("email", "emails")]
    [InlineData("callback", "callbacks")]
    public async Task Media_patch_is_202_with_the_participants_full_attribute_map(string mediaType, string segment)
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync(
            $$$"""{"mediaType":"{{{mediaType}}}","participants":[{"purpose":"customer","attributes":{"held":"before"}},{"purpose":"acd"}]}""");
        var customer = conversation.ParticipantId("customer");

        using var response = await emu.PatchJsonAsync(MediaPath(segment, conversation.Id(), customer), """{"attributes":{"tier":"gold"}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.JsonObjectAsync();
        body.Count.ShouldBe(1);
        var attributes = body["attributes"]!.AsObject();
        attributes.Count.ShouldBe(2);
        attributes["held"].Str().ShouldBe("before");
        attributes["tier"].Str().ShouldBe("gold");
    }

    [Fact]
    public async Task Patch_merges_keys_given_replace_keys_held_and_others_are_kept()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var path = MediaPath("calls", conversation.Id(), conversation.ParticipantId("customer"));
        (await emu.PatchJsonAsync(path, """{"attributes":{"a":"1","b":"2"}}""")).Dispose();

        using var response = await emu.PatchJsonAsync(path, """{"attributes":{"b":"20","c":"3","d":""}}""");

        var attributes = (await response.JsonObjectAsync())["attributes"]!.AsObject();
        attributes.Select(a => (a.Key, a.Value.Str())).OrderBy(a => a.Key)
            .ShouldBe([("a", "1"), ("b", "20"), ("c", "3"), ("d", "")]);
    }

    [Fact]
    public async Task Patch_changes_only_the_addressed_participant()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        (await emu.PatchJsonAsync(GenericPath(conversation.Id(), conversation.ParticipantId("ivr")), """{"attributes":{"x":"y"}}""")).Dispose();

        var after = emu.Host.Conversations.Single();
        after.Participants.Single(p => p.Purpose == "ivr").Attributes["x"].ShouldBe("y");
        after.Participants.Where(p => p.Purpose != "ivr").ShouldAllBe(p => p.Attributes.Count == 0);
    }

    [Theory]
    [InlineData("""{"attributes":{"points":42}}""", "points", "a number")]
    [InlineData("""{"attributes":{"vip":true}}""", "vip", "a boolean")]
    [InlineData("""{"attributes":{"gone":null}}""", "gone", "null")]
    [InlineData("""{"attributes":{"nested":{"a":"b"}}}""", "nested", "an object")]
    [InlineData("""{"attributes":{"ok":"fine","list":["a"]}}""", "list", "an array")]
    public async Task Non_string_value_is_400_invalid_value_naming_the_key(string json, string key, string kind)
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var path = GenericPath(conversation.Id(), conversation.ParticipantId("customer"));

        using var response = await emu.PatchJsonAsync(path, json);

        await response.ShouldBeErrorAsync(400, "invalid.value", $"attribute [{key}]", kind);
        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
    }

    [Fact]
    public async Task Malformed_json_is_400_bad_request()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), conversation.ParticipantId("customer")), """{"attributes":{"a":"b" """);

        await response.ShouldBeErrorAsync(400, "bad.request", "malformed syntax");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"participants":[{"attributes":{"a":"b"}}]}""")]
    [InlineData("""{"attributes":null}""")]
    public async Task Body_without_attributes_is_400_bad_request(string json)
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(MediaPath("calls", conversation.Id(), conversation.ParticipantId("customer")), json);

        await response.ShouldBeErrorAsync(400, "bad.request", "[attributes]");
    }

    [Fact]
    public async Task Attributes_that_are_not_an_object_are_400_invalid_value()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), conversation.ParticipantId("customer")), """{"attributes":["a"]}""");

        await response.ShouldBeErrorAsync(400, "invalid.value", "[attributes]");
    }

    [Fact]
    public async Task Empty_body_is_400_on_the_routes_that_require_one()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), conversation.ParticipantId("customer")), "");

        await response.ShouldBeErrorAsync(400, "bad.request", "body is required");
    }

    [Fact]
    public async Task Messages_form_accepts_no_body_as_a_write_of_nothing()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync("""{"mediaType":"message","participants":[{"purpose":"customer","attributes":{"k":"v"}}]}""");

        using var response = await emu.SendAsync(HttpMethod.Patch, MediaPath("messages", conversation.Id(), conversation.ParticipantId("customer")));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.JsonObjectAsync())["attributes"]!["k"].Str().ShouldBe("v");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Wrong_or_missing_content_type_is_415(string? contentType)
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"attributes":{"a":"b"}}"""));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await emu.SendAsync(HttpMethod.Patch, GenericPath(conversation.Id(), conversation.ParticipantId("customer")), content);

        await response.ShouldBeErrorAsync(415, "unsupported.media.type", "application/json");
    }

    [Fact]
    public async Task Json_with_a_charset_is_accepted()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var content = new StringContent("""{"attributes":{"a":"b"}}""", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        using var response = await emu.SendAsync(HttpMethod.Patch, GenericPath(conversation.Id(), conversation.ParticipantId("customer")), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Unknown_conversation_is_404_not_found()
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = Guid.NewGuid().ToString();

        using var response = await emu.PatchJsonAsync(MediaPath("calls", id, Guid.NewGuid().ToString()), """{"attributes":{"a":"b"}}""");

        await response.ShouldBeErrorAsync(404, "not.found", $"no conversation [{id}]");
    }

    [Fact]
    public async Task Unknown_participant_is_404_not_found()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var participant = Guid.NewGuid().ToString();

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), participant), """{"attributes":{"a":"b"}}""");

        await response.ShouldBeErrorAsync(404, "not.found", $"has no participant [{participant}]");
    }

    [Fact]
    public async Task Media_patch_on_a_conversation_of_another_media_is_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync("""{"mediaType":"message"}""");

        using var response = await emu.PatchJsonAsync(MediaPath("calls", conversation.Id(), conversation.ParticipantId("customer")), """{"attributes":{"a":"b"}}""");

        await response.ShouldBeErrorAsync(404, "not.found", "is a message conversation");
    }

    [Fact]
    public async Task Ended_conversation_write_is_400_conversation_has_ended_by_default()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        await emu.Host.DisconnectConversationAsync(conversation.Id());

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), conversation.ParticipantId("customer")), """{"attributes":{"a":"b"}}""");

        await response.ShouldBeErrorAsync(400, "bad.request", "conversation has ended");
        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
    }

    [Fact]
    public async Task Ended_conversation_write_is_202_and_applied_when_configured_to_accept()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.EndedConversationWrites = EndedConversationWrites.Accept);
        var conversation = await emu.CreateConversationAsync();
        await emu.Host.DisconnectConversationAsync(conversation.Id());

        using var response = await emu.PatchJsonAsync(MediaPath("calls", conversation.Id(), conversation.ParticipantId("customer")), """{"attributes":{"a":"b"}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.JsonObjectAsync())["attributes"]!["a"].Str().ShouldBe("b");
        emu.Host.Conversations.Single().Participants.First().Attributes["a"].ShouldBe("b");
    }

    [Fact]
    public async Task Ended_conversation_write_is_404_when_configured_to_not_found()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.EndedConversationWrites = EndedConversationWrites.NotFound);
        var conversation = await emu.CreateConversationAsync();
        await emu.Host.DisconnectConversationAsync(conversation.Id());

        using var response = await emu.PatchJsonAsync(GenericPath(conversation.Id(), conversation.ParticipantId("customer")), """{"attributes":{"a":"b"}}""");

        await response.ShouldBeErrorAsync(404, "not.found", conversation.Id());
    }
}
