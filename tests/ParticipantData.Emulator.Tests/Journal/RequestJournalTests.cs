using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Journal;

public sealed class RequestJournalTests
{
    private static async Task<JsonArray> JournalAsync(TestEmulator emu, string query = "")
    {
        using var response = await emu.Http.GetAsync("/emulator/v1/requests" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.JsonObjectAsync())["entities"]!.AsArray();
    }

    [Fact]
    public async Task Journal_records_api_and_login_requests_newest_last_with_status_client_and_correlation()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";
        using var patch = await emu.PatchJsonAsync(path + "?x=1", """{"attributes":{"tier":"gold"}}""", token);

        var entries = await JournalAsync(emu);

        entries.Select(e => e!["path"].Str()).ShouldBe(["/oauth/token", path]);
        var token_ = entries[0]!;
        token_["method"].Str().ShouldBe("POST");
        token_["status"]!.GetValue<int>().ShouldBe(200);
        token_["clientId"].Str().ShouldBe("pdata-emulator");
        var write = entries[1]!;
        write["method"].Str().ShouldBe("PATCH");
        write["query"].Str().ShouldBe("?x=1");
        write["status"]!.GetValue<int>().ShouldBe(202);
        write["clientId"].Str().ShouldBe("pdata-emulator");
        write["correlationId"].Str().ShouldBe(patch.CorrelationId());
        write["requestBody"].Str().ShouldBe("""{"attributes":{"tier":"gold"}}""");
        write["requestHeaders"]!["Content-Type"].Str().ShouldStartWith("application/json");
        write["time"].Str().ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
    }

    [Fact]
    public async Task Secrets_and_tokens_appear_nowhere_in_the_journal()
    {
        const string Secret = "s3cret-value-that-must-not-leak";
        var client = new EmulatorOAuthClient("journal-client", Secret, ["*"]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(client));
        var conversation = await emu.CreateConversationAsync();

        var basicToken = await emu.TokenAsync(client);
        using var formResponse = await emu.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(
            [new("grant_type", "client_credentials"), new("client_id", client.ClientId), new("client_secret", Secret)]));
        var formToken = (await formResponse.JsonObjectAsync())["access_token"].Str();
        using var wrongGet = await emu.Http.GetAsync("/oauth/token?client_secret=" + Secret);
        using var jsonLogin = await emu.Http.PostAsync("/oauth/token", TestEmulator.Json($$"""{"client_secret":"{{Secret}}"}"""));
        (await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), basicToken)).Dispose();
        (await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), formToken)).Dispose();

        using var response = await emu.Http.GetAsync("/emulator/v1/requests");
        var journal = await response.Content.ReadAsStringAsync();

        journal.ShouldNotContain(Secret);
        journal.ShouldNotContain(basicToken);
        journal.ShouldNotContain(formToken);
        var entries = JsonNode.Parse(journal)!["entities"]!.AsArray();
        entries[0]!["requestHeaders"]!["Authorization"].Str().ShouldBe("Basic ***");
        entries[0]!["responseBody"].Str().ShouldContain("\"access_token\":\"***\"");
        entries[1]!["requestBody"].Str().ShouldContain("client_secret=***");
        entries[1]!["requestBody"].Str().ShouldContain("client_id=journal-client");
        entries[2]!["query"].Str().ShouldBe("?client_secret=***");
        entries.Where(e => e!["path"].Str().StartsWith("/api/", StringComparison.Ordinal))
            .ShouldAllBe(e => e!["requestHeaders"]!["Authorization"]!.GetValue<string>() == "Bearer ***");
    }

    [Fact]
    public async Task Path_prefix_and_limit_filter_the_journal()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        for (var i = 0; i < 3; i++)
        {
            (await emu.GetAsync("/api/v2/conversations/calls/c" + i, token)).Dispose();
        }

        var api = await JournalAsync(emu, "?path=/api/v2/conversations/calls/");
        var lastTwo = await JournalAsync(emu, "?path=/api/&limit=2");

        api.Select(e => e!["path"].Str()).ShouldBe(["/api/v2/conversations/calls/c0", "/api/v2/conversations/calls/c1", "/api/v2/conversations/calls/c2"]);
        lastTwo.Select(e => e!["path"].Str()).ShouldBe(["/api/v2/conversations/calls/c1", "/api/v2/conversations/calls/c2"]);
    }

    [Fact]
    public async Task Invalid_limit_is_400()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.GetAsync("/emulator/v1/requests?limit=-3");

        await response.ShouldBeErrorAsync(400, "bad.request", "limit must be a positive whole number");
    }

    [Fact]
    public async Task Delete_clears_the_journal_and_admin_requests_are_not_recorded()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.TokenAsync();
        await emu.CreateConversationAsync();

        using var delete = await emu.Http.DeleteAsync("/emulator/v1/requests");

        delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await JournalAsync(emu)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Journal_keeps_only_the_newest_entries_up_to_its_capacity()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.JournalCapacity = 2);
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/conversations/calls/c" + i);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "x");
            (await emu.Http.SendAsync(request)).Dispose();
        }

        var entries = await JournalAsync(emu);

        entries.Select(e => e!["path"].Str()).ShouldBe(["/api/v2/conversations/calls/c2", "/api/v2/conversations/calls/c3"]);
        entries.ShouldAllBe(e => e!["status"]!.GetValue<int>() == 401 && e["clientId"] == null);
    }
}
