using System.Net;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Statistics;

public sealed class StatisticsTests
{
    [Fact]
    public async Task Statistics_count_requests_responses_by_status_and_attribute_writes()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";

        (await emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token)).Dispose();
        (await emu.PatchJsonAsync(path, """{"attributes":{"a":2}}""", token)).Dispose();
        (await emu.GetAsync("/api/v2/conversations/" + conversation.Id(), token)).Dispose();
        (await emu.GetAsync("/api/v2/conversations/nope", "not-a-token")).Dispose();
        (await emu.Http.GetAsync("/emulator/v1/health")).Dispose();

        var statistics = emu.Host.Statistics;
        statistics.Requests.ShouldBe(5); // token + 4 API requests; the admin request is not counted
        statistics.ResponsesByStatus.ShouldBe(new Dictionary<int, long> { [200] = 2, [202] = 1, [400] = 1, [401] = 1 });
        statistics.AttributeWrites.ShouldBe(1);
        statistics.VersionConflicts.ShouldBe(0);
        statistics.Count(202).ShouldBe(1);
        statistics.Count(503).ShouldBe(0);
    }

    [Fact]
    public async Task The_admin_api_serves_the_same_statistics_as_json()
    {
        await using var emu = await TestEmulator.StartAsync();
        (await emu.GetAsync("/api/v2/conversations/nope")).Dispose();

        using var response = await emu.Http.GetAsync("/emulator/v1/statistics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonObjectAsync();
        body["requests"]!.GetValue<long>().ShouldBe(2);
        body["responsesByStatus"]!["200"]!.GetValue<long>().ShouldBe(1);
        body["responsesByStatus"]!["404"]!.GetValue<long>().ShouldBe(1);
        body["versionConflicts"]!.GetValue<long>().ShouldBe(0);
        body["writeBackOverwrites"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task Default_options_keep_the_quiet_world_no_lifecycle_no_faults_no_service_time()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var conversation = await emu.CreateConversationAsync();
        var version = emu.Host.Services.Conversations.Find(conversation.Id())!.Version;

        using var write = await emu.PatchJsonAsync(
            $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes", """{"attributes":{"a":"1"}}""");
        clock.Advance(TimeSpan.FromHours(1));
        using var get = await emu.GetAsync("/api/v2/conversations/" + conversation.Id());

        write.StatusCode.ShouldBe(HttpStatusCode.Accepted); // answered without the clock moving: no service time
        clock.PendingTimers.ShouldBe(0);
        emu.Host.Services.Conversations.Find(conversation.Id())!.Version.ShouldBe(version + 1);
        var body = await get.JsonObjectAsync();
        body["participants"]!.AsArray().Select(p => p!["purpose"].Str()).ShouldBe(["customer", "ivr", "acd"]);
        body["participants"]!.AsArray().ShouldAllBe(p => p!["calls"]![0]!["state"]!.GetValue<string>() == "connected");
        emu.Host.FaultPlan.ShouldBeNull();
        var statistics = emu.Host.Statistics;
        (statistics.InjectedFaults, statistics.LifecycleEvents, statistics.FlowWrites, statistics.VersionConflicts).ShouldBe((0L, 0L, 0L, 0L));
    }
}
