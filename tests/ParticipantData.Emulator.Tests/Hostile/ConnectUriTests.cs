using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>A channel's connectUri comes from the emulator's own origin. (Regression: the request's Host header was reflected into it.)</summary>
public sealed class ConnectUriTests
{
    [Fact]
    public async Task A_forged_host_header_does_not_reach_the_connect_uri()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/notifications/channels");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await emu.TokenAsync());
        request.Headers.Host = "evil.example:666";

        using var response = await emu.Http.SendAsync(request);

        var channel = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        channel["connectUri"].Str().ShouldBe($"ws://127.0.0.1:{emu.Host.BaseUri.Port}/channels/{channel["id"].Str()}");
    }
}
