using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Tests.Support;

namespace ParticipantData.Relay.Tests.Api;

public sealed class AuthenticationTests
{
    public static TheoryData<string?, string> Refused => new()
    {
        { null, "No credentials" },
        { "Bearer wrong-key", "not valid for this relay" },
        { "Bearer ", "The API key is empty" },
        { "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("architect:wrong-key")), "not valid for this relay" },
        { "Basic %%%", "malformed" },
        { "Digest abc", "Unsupported authorization scheme" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_write_without_the_right_key_is_a_401_that_never_echoes_the_key_and_stores_nothing(string? authorization, string message)
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        using var http = new HttpClient { BaseAddress = rig.Relay.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/writes")
        {
            Content = new StringContent(RelayRig.WriteJson(conversation, customer, new { a = "b" }), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.Scheme).ShouldBe(["Bearer", "Basic"], ignoreOrder: true);
        var error = JsonNode.Parse(text)!;
        error["code"]!.GetValue<string>().ShouldBe("authentication.required");
        error["message"]!.GetValue<string>().ShouldContain(message);
        text.ShouldNotContain("wrong-key");
        text.ShouldNotContain(RelayRig.Key);
        (await rig.Relay.Store.GetStatisticsAsync(DateTimeOffset.UtcNow, default)).ByStatus.Values.Sum().ShouldBe(0);
    }

    [Fact]
    public async Task The_status_of_a_write_needs_the_key_too()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        var writeId = await rig.AcceptAsync(conversation, customer, new() { ["a"] = "b" });
        using var anonymous = new HttpClient { BaseAddress = rig.Relay.BaseUri };

        using var response = await anonymous.GetAsync($"/v1/writes/{writeId}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_right_key_works_as_bearer_and_as_the_http_basic_password_a_data_action_sends()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        using var basic = RelayRig.ClientFor(rig.Relay.BaseUri, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("genesys:" + RelayRig.Key))));

        using var viaBearer = await rig.PostAsync("/v1/writes", RelayRig.WriteJson(conversation, customer, new { a = "1" }));
        using var viaBasic = await rig.PostAsync("/v1/writes", RelayRig.WriteJson(conversation, customer, new { b = "2" }), basic);

        viaBearer.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        viaBasic.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Keys_configured_by_hash_are_accepted_and_the_relay_refuses_to_start_without_any_key()
    {
        await using var emulator = await ParticipantData.Emulator.EmulatorHost.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), "pdata-relay-tests", Guid.NewGuid().ToString("N"), "relay.db");
        var options = RelayRig.Options(emulator, path);
        options.ApiKeys.Clear();

        var refused = await Should.ThrowAsync<ArgumentException>(() => RelayHost.StartAsync(options));
        refused.Message.ShouldContain("No API key is configured");

        options.ApiKeys.Add(ApiKey.FromHash("crm", ApiKey.HashText("hashed-key-1")));
        await using var relay = await RelayHost.StartAsync(options);
        using var http = RelayRig.ClientFor(relay.BaseUri, new AuthenticationHeaderValue("Bearer", "hashed-key-1"));
        var created = await emulator.CreateConversationAsync();
        using var response = await http.PostAsync("/v1/writes", new StringContent(RelayRig.WriteJson(created.Id, created.Participants[0].Id, new { a = "b" }), Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public void A_malformed_key_hash_is_refused_with_how_to_make_one()
    {
        Should.Throw<FormatException>(() => ApiKey.FromHash("crm", "abc")).Message.ShouldContain("pdata relay hash-key");
        ApiKey.HashText("k").ShouldStartWith("sha256:");
        ApiKey.HashText("k").Length.ShouldBe(7 + 64);
    }
}
