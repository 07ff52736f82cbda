using System.Text;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// Paths that are not the platform's exact route reach no operation, with or without a token: the platform's
/// unknown-route answer, before authentication. (Regression: <c>GET ///api/v2/conversations/{id}</c> answered 200 with no token.)
/// </summary>
public sealed class CanonicalPathTests
{
    public static TheoryData<string> NonCanonicalForms => new()
    {
        "//api/v2/conversations/{id}",
        "///api/v2/conversations/{id}",
        "/api//v2/conversations/{id}",
        "/api/v2/conversations//{id}",
        "/api/v2/./conversations/{id}",
        "/api/v2/x/../conversations/{id}",
        "/api/v2/%2e/conversations/{id}",
        "/api/v2/x/%2E%2E/conversations/{id}",
        "/api/v2%2Fconversations/{id}",
        "/api/v2/conversations%2f{id}",
        "/api/v2/conversations\\{id}",
        "/api/v2/conversations/%5C{id}",
    };

    [Theory]
    [MemberData(nameof(NonCanonicalForms))]
    public async Task A_non_canonical_path_is_an_unknown_route_without_a_token(string form)
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = (await emu.CreateConversationAsync())["id"].Str();

        var response = await RawHttp.SendAsync(emu.Host.BaseUri, "GET", form.Replace("{id}", id, StringComparison.Ordinal));

        response.ShouldBeError(404, "not.found", "The requested resource was not found", "no repeated slashes, dot segments or encoded slashes");
        response.Body.ShouldNotContain("\"participants\"");
    }

    [Theory]
    [MemberData(nameof(NonCanonicalForms))]
    public async Task A_non_canonical_path_is_an_unknown_route_with_a_valid_token_too(string form)
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = (await emu.CreateConversationAsync())["id"].Str();
        var token = await emu.TokenAsync();

        var response = await RawHttp.SendAsync(emu.Host.BaseUri, "GET", form.Replace("{id}", id, StringComparison.Ordinal), token);

        response.ShouldBeError(404, "not.found");
    }

    [Theory]
    [InlineData("//api/v2/conversations/{id}/participants/{pid}/attributes")]
    [InlineData("/api/v2/conversations/{id}/participants/{pid}//attributes")]
    [InlineData("/api/v2/conversations/calls/../{id}/participants/{pid}/attributes")]
    public async Task A_patch_on_a_non_canonical_path_writes_nothing(string form)
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var target = form.Replace("{id}", conversation.Id(), StringComparison.Ordinal)
            .Replace("{pid}", conversation.ParticipantId("customer"), StringComparison.Ordinal);

        var response = await RawHttp.SendAsync(emu.Host.BaseUri, "PATCH", target, contentType: "application/json",
            body: Encoding.UTF8.GetBytes("""{"attributes":{"tier":"gold"}}"""));

        response.ShouldBeError(404, "not.found");
        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
        emu.Host.Statistics.AttributeWrites.ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/v2/../../emulator/v1/health")]
    [InlineData("/api/v2/%2e%2e/%2e%2e/emulator/v1/health")]
    [InlineData("//emulator/v1/health")]
    public async Task A_dot_segment_does_not_climb_from_the_api_into_the_admin_api(string target)
    {
        await using var emu = await TestEmulator.StartAsync();

        var response = await RawHttp.SendAsync(emu.Host.BaseUri, "GET", target);

        response.ShouldBeError(404, "not.found");
    }

    [Theory]
    [InlineData("/api/v2/conversations/x%00")]
    [InlineData("/api/v2/conversations/x%00/participants/y/attributes")]
    public async Task An_encoded_nul_is_refused_by_the_http_server_itself(string target)
    {
        await using var emu = await TestEmulator.StartAsync();

        var response = await RawHttp.SendAsync(emu.Host.BaseUri, "GET", target);

        // Kestrel's own 400 (docs/emulator.md, "Answers from the HTTP server"): the emulator never sees it.
        response.Status.ShouldBe(400);
        emu.Host.Statistics.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Creating_a_channel_on_a_doubled_slash_is_404_not_a_500()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();

        var response = await RawHttp.SendAsync(emu.Host.BaseUri, "POST", "//api/v2/notifications/channels", token);

        response.ShouldBeError(404, "not.found");
        emu.Host.Statistics.Count(500).ShouldBe(0);
    }

    [Fact]
    public async Task An_absolute_form_target_is_routed_on_its_path_and_held_to_the_same_rule()
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = (await emu.CreateConversationAsync())["id"].Str();
        var token = await emu.TokenAsync();
        var origin = emu.Host.BaseUri.GetLeftPart(UriPartial.Authority);

        var exact = await RawHttp.SendAsync(emu.Host.BaseUri, "GET", $"{origin}/api/v2/conversations/{id}", token);
        var doubled = await RawHttp.SendAsync(emu.Host.BaseUri, "GET", $"{origin}//api/v2/conversations/{id}");

        exact.Status.ShouldBe(200, exact.Body);
        doubled.ShouldBeError(404, "not.found");
    }

    [Fact]
    public async Task The_journal_records_the_path_as_it_was_sent()
    {
        await using var emu = await TestEmulator.StartAsync();

        await RawHttp.SendAsync(emu.Host.BaseUri, "GET", "//api/v2/conversations/x");

        using var listing = await emu.Http.GetAsync("/emulator/v1/requests");
        var entries = JsonNode.Parse(await listing.Content.ReadAsStringAsync())!["entities"]!.AsArray();
        var entry = entries.Single()!;
        entry["path"].Str().ShouldBe("//api/v2/conversations/x");
        entry["status"]!.GetValue<int>().ShouldBe(404);
    }

    [Theory]
    [InlineData("/api/v2/conversations/{id}", true)]
    [InlineData("/", true)]
    [InlineData("/emulator/v1/health", true)]
    [InlineData("/api/v2/conversations/{id}/", true)]
    [InlineData("/api/v2/conversations/a%20b", true)]
    [InlineData("//", false)]
    [InlineData("/api/v2/conversations/.", false)]
    [InlineData("/api/v2/conversations/..", false)]
    [InlineData("/a/%2e%2E/b", false)]
    [InlineData("/a%2Fb", false)]
    [InlineData("/a%00b", false)]
    [InlineData("/a%0Ab", false)]
    [InlineData("/a\\b", false)]
    [InlineData("api/v2", false)]
    public void Canonical_paths_are_exactly_those_without_empty_dot_or_encoded_separator_segments(string path, bool canonical) =>
        ParticipantData.Emulator.Routing.CanonicalPath.IsCanonical(path).ShouldBe(canonical);
}
