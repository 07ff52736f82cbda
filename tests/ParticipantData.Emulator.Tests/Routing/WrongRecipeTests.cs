using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Routing;

/// <summary>The popular wrong recipes get the platform's answer, and a message that says what to call instead.</summary>
public sealed class WrongRecipeTests
{
    private const string AttributesPatch = "PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes and the body {\"attributes\": {\"key\": \"value\"}}";

    [Fact]
    public async Task Patch_of_the_conversation_with_a_participants_array_is_404_naming_the_attributes_patch()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.SeedConversations = true);
        var call = emu.Host.Conversations[0];

        using var response = await emu.PatchJsonAsync($"/api/v2/conversations/{call.Id}",
            $$$"""{"participants": [{"id": "{{{call.Participants[0].Id}}}", "attributes": {"tier": "gold"}}]}""", await emu.TokenAsync());

        var body = await response.ShouldBeErrorAsync(404, "not.found", $"there is no PATCH /api/v2/conversations/{call.Id}", "a participants array in it is not read", AttributesPatch);
        emu.Host.Conversations[0].Participants[0].Attributes.ShouldBeEmpty();
        body["status"]!.GetValue<int>().ShouldBe(404);
    }

    [Theory]
    [InlineData("GET", "/api/v2/conversations/webchat/{id}")]
    [InlineData("GET", "/api/v2/conversations/chats/{id}")]
    [InlineData("PATCH", "/api/v2/conversations/webchat/{id}/participants/{pid}/attributes")]
    public async Task Web_chat_paths_are_404_naming_the_messages_form(string method, string template)
    {
        await using var emu = await TestEmulator.StartAsync(o => o.SeedConversations = true);
        var chat = emu.Host.Conversations[1];
        var path = template.Replace("{id}", chat.Id).Replace("{pid}", chat.Participants[0].Id);

        using var response = await emu.SendAsync(new HttpMethod(method), path, method == "PATCH" ? TestEmulator.Json("""{"attributes":{"a":"b"}}""") : null, await emu.TokenAsync());

        await response.ShouldBeErrorAsync(404, "not.found", "was removed from the platform; web messaging uses the messages media form", "/api/v2/conversations/messages/{conversationId}");
    }

    [Fact]
    public async Task The_participant_guest_is_404_naming_the_customer_participant()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.SeedConversations = true);
        var chat = emu.Host.Conversations[1];

        using var response = await emu.PatchJsonAsync($"/api/v2/conversations/{chat.Id}/participants/guest/attributes", """{"attributes":{"a":"b"}}""", await emu.TokenAsync());

        await response.ShouldBeErrorAsync(404, "not.found", "has no participant [guest]", "There is no participant called 'guest'", "whose purpose is customer", "--purpose customer");
    }

    [Theory]
    [InlineData("custom")]
    [InlineData("system")]
    public async Task Attributes_nested_under_a_namespace_are_400_naming_the_flat_map(string space)
    {
        await using var emu = await TestEmulator.StartAsync(o => o.SeedConversations = true);
        var call = emu.Host.Conversations[0];

        using var response = await emu.PatchJsonAsync($"/api/v2/conversations/{call.Id}/participants/{call.Participants[0].Id}/attributes",
            "{\"attributes\": {\"" + space + "\": {\"tier\": \"gold\"}}}", await emu.TokenAsync());

        await response.ShouldBeErrorAsync(400, "invalid.value", $"of attribute [{space}] is not valid for field type [string]", "no 'custom' or 'system' attribute namespace", "one flat map");
    }

    [Theory]
    [InlineData("/v2/conversations/{id}/participants/{pid}", "API paths start with /api/v2, not /v2.")]
    [InlineData("/api/v2/conversations/{id}/participants/{pid}/attributes", "Participant attributes are not written with PUT.")]
    public async Task Put_of_a_participant_is_404_naming_the_attributes_patch(string template, string first)
    {
        await using var emu = await TestEmulator.StartAsync(o => o.SeedConversations = true);
        var call = emu.Host.Conversations[0];
        var path = template.Replace("{id}", call.Id).Replace("{pid}", call.Participants[0].Id);

        using var response = await emu.SendAsync(HttpMethod.Put, path, TestEmulator.Json("""{"attributes":{"a":"b"}}"""), await emu.TokenAsync());

        await response.ShouldBeErrorAsync(404, "not.found", first, AttributesPatch);
    }

    [Fact]
    public async Task A_scope_on_a_client_credentials_request_is_accepted_and_the_journal_notes_that_roles_decide()
    {
        await using var emu = await TestEmulator.StartAsync();
        var form = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "conversations")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = form };
        request.Headers.Authorization = TestEmulator.Basic(EmulatorOAuthClient.Default.ClientId, EmulatorOAuthClient.Default.ClientSecret);

        using var response = await emu.Http.SendAsync(request);
        var journal = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/requests?path=/oauth"))!["entities"]!.AsArray();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        journal.Single()!["note"]!.GetValue<string>().ShouldContain("scope [conversations] accepted as the platform does, and ignored: for client credentials the roles of the OAuth client");
        journal.Single()!["requestBody"]!.GetValue<string>().ShouldContain("scope=conversations");
    }
}
