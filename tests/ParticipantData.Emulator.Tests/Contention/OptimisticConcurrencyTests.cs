using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Contention;

public sealed class OptimisticConcurrencyTests
{
    private static readonly TimeSpan ServiceTime = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Two_overlapping_writes_one_commits_and_the_other_gets_409_with_the_platform_message()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WriteServiceTime = ServiceTime;
        });
        var (path, token) = await CustomerPathAsync(emu);

        var first = emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        await clock.WaitForPendingTimersAsync(1);
        var second = emu.PatchJsonAsync(path, """{"attributes":{"b":"2"}}""", token);
        await clock.WaitForPendingTimersAsync(2);
        clock.Advance(ServiceTime);

        using var firstResponse = await first;
        using var secondResponse = await second;
        firstResponse.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await secondResponse.ShouldBeErrorAsync(409, "conflict",
            "The version number of the modified resource must match the version number in the database");
        var attributes = emu.Host.Conversations.Single().Participants[0].Attributes;
        attributes["a"].ShouldBe("1");
        attributes.ContainsKey("b").ShouldBeFalse();
        emu.Host.Statistics.VersionConflicts.ShouldBe(1);
    }

    [Fact]
    public async Task A_write_is_not_answered_before_its_service_time_has_passed()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WriteServiceTime = ServiceTime;
        });
        var (path, token) = await CustomerPathAsync(emu);

        var write = emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        await clock.WaitForTimerDueWithinAsync(ServiceTime);
        clock.Advance(ServiceTime - TimeSpan.FromMilliseconds(1));
        var early = write.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));

        early.ShouldBeFalse();
        using var response = await write;
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Writes_that_do_not_overlap_all_commit()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WriteServiceTime = ServiceTime;
        });
        var (path, token) = await CustomerPathAsync(emu);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var write = emu.PatchJsonAsync(path, $$$"""{"attributes":{"k{{{i}}}":"v"}}""", token);
            await clock.WaitForPendingTimersAsync(1);
            clock.Advance(ServiceTime);
            using var response = await write;
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.Accepted);
        emu.Host.Conversations.Single().Participants[0].Attributes.Count.ShouldBe(3);
        emu.Host.Statistics.VersionConflicts.ShouldBe(0);
    }

    [Fact]
    public async Task Conflict_code_and_message_are_configurable()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WriteServiceTime = ServiceTime;
            o.ConflictCode = "version.mismatch";
            o.ConflictMessage = "Someone else changed it";
        });
        var (path, token) = await CustomerPathAsync(emu);

        var first = emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        await clock.WaitForPendingTimersAsync(1);
        var second = emu.SendAsync(HttpMethod.Patch,
            path.Replace("/conversations/", "/conversations/calls/", StringComparison.Ordinal), TestEmulator.Json("""{"attributes":{"b":"2"}}"""), token);
        await clock.WaitForPendingTimersAsync(2);
        clock.Advance(ServiceTime);

        using var firstResponse = await first;
        using var secondResponse = await second;
        firstResponse.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await secondResponse.ShouldBeErrorAsync(409, "version.mismatch", "Someone else changed it");
        body["message"].Str().ShouldBe("Someone else changed it");
    }

    [Fact]
    public async Task A_disconnect_during_the_service_time_answers_as_an_ended_conversation_not_409()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WriteServiceTime = ServiceTime;
        });
        var (path, token) = await CustomerPathAsync(emu);

        var write = emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        await clock.WaitForPendingTimersAsync(1);
        await emu.Host.DisconnectConversationAsync(emu.Host.Conversations.Single().Id);
        clock.Advance(ServiceTime);

        using var response = await write;
        await response.ShouldBeErrorAsync(400, "bad.request", "The conversation has ended");
    }

    [Fact]
    public async Task Refused_writes_are_answered_at_once_without_service_time()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.WriteServiceTime = TimeSpan.FromHours(1);
        });
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(
            $"/api/v2/conversations/{conversation.Id()}/participants/no-such-participant/attributes", """{"attributes":{"a":"1"}}""");

        await response.ShouldBeErrorAsync(404, "not.found", "has no participant [no-such-participant]");
        clock.PendingTimers.ShouldBe(0);
    }

    private static async Task<(string Path, string Token)> CustomerPathAsync(TestEmulator emu)
    {
        JsonObject conversation = await emu.CreateConversationAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";
        return (path, await emu.TokenAsync());
    }
}
