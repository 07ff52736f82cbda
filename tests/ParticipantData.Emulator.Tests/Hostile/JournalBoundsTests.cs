using System.Text.Json.Nodes;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>The journal is bounded by bytes as well as entries. (Regression: it kept 10,000 whole response bodies, gigabytes.)</summary>
public sealed class JournalBoundsTests
{
    [Fact]
    public async Task A_large_response_body_is_kept_cut_with_a_marker()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Limits.JournalMaxBodyBytes = 1000);
        var conversation = await emu.CreateConversationAsync(
            $$$"""{"participants":[{"purpose":"customer","attributes":{"big":"{{{new string('x', 5000)}}}"}}]}""");

        using var get = await emu.GetAsync("/api/v2/conversations/" + conversation.Id());
        var sent = await get.Content.ReadAsStringAsync();

        var entry = (await JournalAsync(emu)).Last()!;
        var kept = entry["responseBody"].Str();
        kept.Length.ShouldBeLessThan(1100);
        kept.ShouldEndWith($"... [truncated: {sent.Length} bytes in all]");
        sent.ShouldStartWith(kept[..900]);
    }

    [Fact]
    public async Task The_whole_journal_stays_under_its_byte_limit_dropping_the_oldest()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Limits.JournalMaxBytes = 64 * 1024);
        var token = await emu.TokenAsync();

        for (var i = 0; i < 200; i++)
        {
            (await emu.GetAsync($"/api/v2/conversations/missing-{i}", token)).Dispose();
        }

        emu.Host.Services.Journal.Bytes.ShouldBeLessThanOrEqualTo(64 * 1024);
        var entries = await JournalAsync(emu);
        entries.Count.ShouldBeLessThan(200);
        entries.Last()!["path"].Str().ShouldBe("/api/v2/conversations/missing-199");
    }

    [Fact]
    public void Entries_over_the_count_limit_drop_the_oldest()
    {
        var journal = new RequestJournal(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            journal.Record(new JournalEntry { Time = "t", Method = "GET", Path = "/p" + i, Status = 200, CorrelationId = "c", RequestHeaders = [] });
        }

        journal.Read(null, null).Select(e => e.Path).ShouldBe(["/p2", "/p3", "/p4"]);
    }

    private static async Task<JsonArray> JournalAsync(TestEmulator emu)
    {
        using var listing = await emu.Http.GetAsync("/emulator/v1/requests");
        return JsonNode.Parse(await listing.Content.ReadAsStringAsync())!["entities"]!.AsArray();
    }
}
