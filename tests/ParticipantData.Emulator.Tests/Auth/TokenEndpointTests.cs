using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Auth;

public sealed class TokenEndpointTests
{
    [Fact]
    public async Task Basic_header_credentials_get_a_bearer_token_with_the_configured_lifetime()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLifetime = TimeSpan.FromHours(2));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.ClientCredentialsForm() };
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "pdata-emulator-secret");

        using var response = await emu.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonObjectAsync();
        body["access_token"].Str().Length.ShouldBeGreaterThan(30);
        body["token_type"].Str().ShouldBe("bearer");
        body["expires_in"]!.GetValue<long>().ShouldBe(7200);
        response.CorrelationId().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Form_field_credentials_get_a_token_that_the_api_accepts()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(
        [
            new("grant_type", "client_credentials"),
            new("client_id", "pdata-emulator"),
            new("client_secret", "pdata-emulator-secret"),
        ]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.JsonObjectAsync())["access_token"].Str();
        var conversation = await emu.CreateConversationAsync();
        using var get = await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Each_token_request_gets_a_different_opaque_token()
    {
        await using var emu = await TestEmulator.StartAsync();
        var first = await emu.TokenAsync();
        var second = await emu.TokenAsync();
        first.ShouldNotBe(second);
    }

    [Fact]
    public async Task Configured_clients_replace_the_default_one()
    {
        var custom = new EmulatorOAuthClient("my-id", "my-secret", ["*"]);
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Clients.Clear();
            o.Clients.Add(custom);
        });

        emu.Host.DefaultClient.ShouldBe(custom);
        (await emu.TokenAsync(custom)).ShouldNotBeNullOrEmpty();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.ClientCredentialsForm() };
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "pdata-emulator-secret");
        using var response = await emu.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_secret_is_401_invalid_client()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.ClientCredentialsForm() };
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "not-the-secret");

        using var response = await emu.Http.SendAsync(request);

        var body = await ShouldBeOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        body["description"].Str().ShouldContain("authentication failed");
    }

    [Fact]
    public async Task Unknown_client_is_401_invalid_client_client_not_found()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.ClientCredentialsForm() };
        request.Headers.Authorization = TestEmulator.Basic("nobody", "whatever");

        using var response = await emu.Http.SendAsync(request);

        var body = await ShouldBeOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        body["description"].Str().ShouldBe("client not found");
    }

    [Fact]
    public async Task Missing_credentials_are_401_invalid_client_saying_how_to_send_them()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("/oauth/token", TestEmulator.ClientCredentialsForm());

        var body = await ShouldBeOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        body["description"].Str().ShouldContain("Authorization: Basic");
    }

    [Fact]
    public async Task Unsupported_grant_type_is_400_unsupported_grant_type()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "password"), new("username", "u"), new("password", "p")]),
        };
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "pdata-emulator-secret");

        using var response = await emu.Http.SendAsync(request);

        var body = await ShouldBeOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_grant_type");
        body["description"].Str().ShouldContain("[password]");
    }

    [Fact]
    public async Task Missing_grant_type_is_400_invalid_request()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.Json("""{"grant_type":"client_credentials"}""") };
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "pdata-emulator-secret");

        using var response = await emu.Http.SendAsync(request);

        var body = await ShouldBeOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        body["description"].Str().ShouldContain("application/x-www-form-urlencoded");
    }

    [Fact]
    public async Task Too_many_token_requests_are_400_rate_limit_exceeded_with_retry_after_until_the_window_passes()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenRequestsPerMinute = 2;
        });
        await emu.TokenAsync();
        clock.Advance(TimeSpan.FromSeconds(15));
        await emu.TokenAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.ClientCredentialsForm() };
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "pdata-emulator-secret");
        using var limited = await emu.Http.SendAsync(request);

        var body = await ShouldBeOAuthErrorAsync(limited, HttpStatusCode.BadRequest, "invalid_request");
        body["description"].Str().ShouldStartWith("rate limit exceeded;");
        limited.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(45));

        clock.Advance(TimeSpan.FromSeconds(45));
        (await emu.TokenAsync()).ShouldNotBeNullOrEmpty();
    }

    internal static async Task<JsonObject> ShouldBeOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        var body = (await response.JsonObjectAsync());
        body["error"].Str().ShouldBe(error, text);
        body["description"].Str().ShouldNotBeNullOrEmpty();
        body["error_description"].Str().ShouldBe(body["description"].Str());
        response.CorrelationId().ShouldNotBeNullOrEmpty();
        return body;
    }
}
