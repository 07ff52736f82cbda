using System.Net.Http.Headers;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Auth;

public sealed class ApiAuthenticationTests
{
    [Fact]
    public async Task No_token_is_401_authentication_required()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.Http.GetAsync("/api/v2/conversations/" + conversation.Id());

        await response.ShouldBeErrorAsync(401, "authentication.required", "No authentication bearer token specified in authorization header.");
    }

    [Fact]
    public async Task A_basic_header_on_the_api_is_401_authentication_required()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/conversations/calls/x");
        request.Headers.Authorization = TestEmulator.Basic("pdata-emulator", "pdata-emulator-secret");

        using var response = await emu.Http.SendAsync(request);

        await response.ShouldBeErrorAsync(401, "authentication.required", "No authentication bearer token");
    }

    [Fact]
    public async Task Unknown_token_is_401_bad_credentials()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token: "not-a-token");

        await response.ShouldBeErrorAsync(401, "bad.credentials", "Invalid login credentials.");
    }

    [Fact]
    public async Task Expired_token_is_401_bad_credentials()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromSeconds(5);
        });
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        clock.Advance(TimeSpan.FromSeconds(4));
        using (var stillValid = await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token))
        {
            stillValid.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token);

        await expired.ShouldBeErrorAsync(401, "bad.credentials", "Invalid login credentials.");
    }

    [Fact]
    public async Task Client_without_the_view_permission_gets_403_naming_it_on_the_generic_get()
    {
        var limited = new EmulatorOAuthClient("limited", "limited-secret", ["conversation:participant:wrapup"]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(limited));
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync(limited);

        using var response = await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token);

        await response.ShouldBeErrorAsync(403, "missing.permissions",
            "Unable to perform the requested action. You are missing the following permission(s): conversation:communication:view");
    }

    [Fact]
    public async Task Media_get_and_attribute_patches_need_no_permission()
    {
        var bare = new EmulatorOAuthClient("bare", "bare-secret", []);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(bare));
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync(bare);

        using var get = await emu.GetAsync("/api/v2/conversations/calls/" + conversation.Id(), token);
        using var patch = await emu.PatchJsonAsync(
            $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes",
            """{"attributes":{"k":"v"}}""", token);

        get.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        patch.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("conversation:communication:view")]
    [InlineData("conversation:*:view")]
    [InlineData("conversation:*:*")]
    [InlineData("*")]
    public async Task Exact_and_wildcard_permissions_grant_the_generic_get(string permission)
    {
        var client = new EmulatorOAuthClient("c", "s", [permission]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(client));
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), await emu.TokenAsync(client));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bearer_scheme_is_matched_case_insensitively()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/conversations/" + conversation.Id());
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", await emu.TokenAsync());

        using var response = await emu.Http.SendAsync(request);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }
}
