using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Errors;

public sealed class RouteAndCorrelationTests
{
    [Fact]
    public async Task Patch_on_the_conversation_itself_does_not_exist_and_is_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync("/api/v2/conversations/" + conversation.Id(),
            $$$"""{"participants":[{"id":"{{{conversation.ParticipantId("customer")}}}","attributes":{"a":"b"}}]}""");

        await response.ShouldBeErrorAsync(404, "not.found", "there is no PATCH /api/v2/conversations/" + conversation.Id());
    }

    [Theory]
    [InlineData("GET", "/api/v2/conversations/webchat/{id}")]
    [InlineData("PATCH", "/api/v2/conversations/webchat/{id}/participants/{pid}/attributes")]
    [InlineData("PATCH", "/api/v2/conversations/voice/{id}/participants/{pid}/attributes")]
    [InlineData("GET", "/api/v2/conversations/chats/{id}")]
    [InlineData("PATCH", "/api/v2/conversations/chats/{id}/participants/{pid}/attributes")]
    [InlineData("PATCH", "/api/v2/conversations/{id}/participants/{pid}/attributes/custom")]
    [InlineData("DELETE", "/api/v2/conversations/{id}/participants/{pid}/attributes")]
    [InlineData("GET", "/api/v2/nothing/here")]
    public async Task Routes_the_platform_does_not_have_are_404_not_found(string method, string template)
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var path = template.Replace("{id}", conversation.Id()).Replace("{pid}", conversation.ParticipantId("customer"));

        using var response = await emu.SendAsync(new HttpMethod(method), path, TestEmulator.Json("""{"attributes":{"a":"b"}}"""));

        await response.ShouldBeErrorAsync(404, "not.found", $"there is no {method} {path}");
        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
    }

    [Fact]
    public async Task Unknown_paths_outside_the_api_are_404_with_an_error_body()
    {
        await using var emu = await TestEmulator.StartAsync();

        // "/" is the dashboard's redirect (docs/emulator.md, "The dashboard").
        using var root = await emu.Http.GetAsync("/nothing");
        using var admin = await emu.Http.GetAsync("/emulator/v1/nothing");

        await root.ShouldBeErrorAsync(404, "not.found", "there is no GET /nothing");
        await admin.ShouldBeErrorAsync(404, "not.found", "there is no GET /emulator/v1/nothing");
    }

    [Fact]
    public async Task Every_response_carries_a_distinct_correlation_id_and_errors_repeat_it_as_context_id()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";

        List<HttpResponseMessage> responses =
        [
            await emu.Http.PostAsync("/oauth/token", TestEmulator.ClientCredentialsForm()),
            await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token),
            await emu.GetAsync("/api/v2/conversations/calls/" + conversation.Id(), token),
            await emu.PatchJsonAsync(path, """{"attributes":{"a":"b"}}""", token),
            await emu.PatchJsonAsync(path, """{"attributes":{"a":1}}""", token),
            await emu.GetAsync("/api/v2/conversations/" + Guid.NewGuid(), token),
            await emu.Http.GetAsync("/api/v2/conversations/" + conversation.Id()),
            await emu.Http.GetAsync("/emulator/v1/health"),
            await emu.Http.GetAsync("/emulator/v1/conversations"),
            await emu.Http.PostAsync("/emulator/v1/conversations", null),
            await emu.Http.GetAsync("/emulator/v1/requests"),
        ];

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            var id = response.CorrelationId();
            Guid.TryParse(id, out _).ShouldBeTrue(id);
            ids.Add(id).ShouldBeTrue("correlation ids repeat");
            if ((int)response.StatusCode >= 400 && !response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/oauth", StringComparison.Ordinal))
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                body["contextId"].Str().ShouldBe(id);
            }

            response.Dispose();
        }
    }

    [Fact]
    public async Task Error_body_has_status_code_message_context_id_and_empty_details()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.GetAsync("/api/v2/conversations/x");

        var body = await response.ShouldBeErrorAsync(401, "authentication.required");
        body["details"]!.AsArray().Count.ShouldBe(0);
        body["errors"]!.AsArray().Count.ShouldBe(0);
        body.ContainsKey("limit").ShouldBeFalse();
    }

    [Fact]
    public async Task An_unexpected_failure_is_500_internal_server_error_with_the_context_id_and_is_counted()
    {
        await using var emu = await TestEmulator.StartAsync();
        // State no real request can make: a conversation without a participant list breaks the read's mapping.
        var broken = new ParticipantData.Emulator.Conversations.ConversationSnapshot(
            "0b0b0b0b-0000-4000-8000-000000000001", ParticipantData.Emulator.Conversations.MediaKind.Call,
            DateTimeOffset.UnixEpoch, null, null!, 1);
        emu.Host.Services.Conversations.Add(broken);
        var before = emu.Host.Statistics.InternalErrors;

        using var response = await emu.GetAsync("/api/v2/conversations/" + broken.Id);

        var body = await response.ShouldBeErrorAsync(500, "internal.server.error",
            "The server encountered an unexpected condition which prevented it from fulfilling the request.");
        body["message"].Str().ShouldNotContain("Exception");
        emu.Host.Statistics.InternalErrors.ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_subscriber_that_fails_after_a_write_committed_does_not_turn_the_write_into_an_error()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        emu.Host.Services.Conversations.Changed += (_, _) => throw new InvalidOperationException("boom");

        using var response = await emu.PatchJsonAsync(
            $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes",
            """{"attributes":{"a":"b"}}""");

        // The write applied, so the answer says so: an error here would make a client retry an applied write.
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes["a"].ShouldBe("b");
        emu.Host.Statistics.InternalErrors.ShouldBe(1);
    }
}
