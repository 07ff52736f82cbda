using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing.Hostile;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// The project's own hostile-input run, at CI size (a longer run by hand: docs/emulator.md, "Hostile input"):
/// seeded malformed requests over every route; no 5xx, every error an ErrorBody, no bypass, no write from a
/// refused request and none lost, no secret or token in the journal, memory within bound.
/// </summary>
public sealed class HostileRequestFuzzTests
{
    public const string Secret = "fuzz-secret-Zoë+/=&value";

    [Theory]
    [InlineData(20261201)]
    [InlineData(7)]
    public async Task Seeded_hostile_requests_get_no_5xx_no_bypass_no_phantom_write_and_no_leak(int seed)
    {
        await using var emu = await StartAsync();
        var target = await TargetAsync(emu);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var report = await HostileHarness.RunAsync(target, seed, count: 2500, concurrency: 8);

        report.Healthy.ShouldBeTrue(report.ToString());
        report.Sent.ShouldBe(2500);
        report.AppliedWrites.ShouldBeGreaterThan(0, "the run must also exercise writes that apply");
        emu.Host.Statistics.InternalErrors.ShouldBe(0);
        emu.Host.Services.Journal.Bytes.ShouldBeLessThanOrEqualTo(EmulatorLimits.DefaultJournalMaxBytes);
        (GC.GetTotalMemory(forceFullCollection: true) - heapBefore).ShouldBeLessThan(256L * 1024 * 1024, report.ToString());
    }

    [Fact]
    public async Task Concurrent_patches_are_each_applied_exactly_when_answered_202()
    {
        await using var emu = await StartAsync();
        var target = await TargetAsync(emu);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        using var http = new HttpClient(handler) { BaseAddress = emu.Host.BaseUri };
        http.DefaultRequestHeaders.Authorization = new("Bearer", target.Token);

        var writes = Enumerable.Range(0, 640).Select(async i =>
        {
            var (conversation, participant) = target.Participants[i % target.Participants.Count];
            using var response = await http.PatchAsync($"/api/v2/conversations/{conversation}/participants/{participant}/attributes",
                TestEmulator.Json($$$"""{"attributes":{"cc-{{{i}}}":"{{{i}}}"}}"""));
            return (Key: $"cc-{i}", Status: (int)response.StatusCode);
        });
        var outcomes = await Task.WhenAll(writes);

        outcomes.ShouldAllBe(o => o.Status == 202);
        var held = emu.Host.Conversations.SelectMany(c => c.Participants).SelectMany(p => p.Attributes)
            .Where(a => a.Key.StartsWith("cc-", StringComparison.Ordinal)).ToDictionary(a => a.Key, a => a.Value);
        held.Count.ShouldBe(640);
    }

    private static Task<TestEmulator> StartAsync() => TestEmulator.StartAsync(o =>
    {
        o.Clients.Clear();
        o.Clients.Add(new EmulatorOAuthClient("fuzz-client", Secret, ["*"]));
        o.RequestsPerMinute = 0;
        o.TokenRequestsPerMinute = 0;
    });

    internal static async Task<HostileTarget> TargetAsync(TestEmulator emu)
    {
        var participants = new List<(string, string)>();
        for (var i = 0; i < 8; i++)
        {
            var conversation = await emu.CreateConversationAsync(i % 2 == 0 ? null : """{"mediaType":"message"}""");
            foreach (var participant in conversation["participants"]!.AsArray())
            {
                participants.Add((conversation.Id(), participant!["id"].Str()));
            }
        }

        var token = await emu.TokenAsync();
        using var channel = await emu.SendAsync(HttpMethod.Post, "/api/v2/notifications/channels", null, token);
        var channelId = JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"].Str();
        return new HostileTarget(emu.Host.BaseUri, emu.Host.DefaultClient.ClientId, Secret, token, participants, channelId);
    }
}
