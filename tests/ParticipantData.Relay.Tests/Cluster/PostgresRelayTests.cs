using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Emulator;
using ParticipantData.Relay.Tests.Support;
using ParticipantData.Testing.Postgres;
using Xunit.Abstractions;

namespace ParticipantData.Relay.Tests.Cluster;

/// <summary>Relays on one PostgreSQL database, in this process, in front of the emulator over HTTP on 127.0.0.1.</summary>
public sealed class PostgresRelayTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PatchLatency = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Two_instances_racing_for_one_participant_never_have_two_PATCHes_in_flight_for_it()
    {
        // Every PATCH takes 300 ms at the emulator: PATCHes for the participant that arrive less than that apart overlapped.
        await using var rig = await RelayRig.StartAsync(
            emulator: o => o.FaultPlan = FaultPlan.Parse("""
                {"rules": [{"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "action": {"type": "latency", "ms": 300}}]}
                """),
            relay: o => o.Ensure = false,
            store: await (await PostgresServer.GetAsync()).CreateDatabaseAsync());
        await using var second = await RelayHost.StartAsync(RelayRig.Options(rig.Emulator, rig.StorePath, o => o.Ensure = false));
        using var secondHttp = RelayRig.ClientFor(second.BaseUri);
        // Which instance wins each claim is up to scheduling: a round in which one instance happened to deliver
        // everything proves nothing about racing, so rounds run (each on a new call, each checked for overlap)
        // until one had both instances delivering.
        var raced = false;
        for (var round = 0; round < 5 && !raced; round++)
        {
            var (firstBefore, secondBefore) = (rig.Relay.PlatformRequests, second.PlatformRequests);
            var (conversation, customer) = await rig.NewCallAsync();

            // Four writers per instance, each writing its own key, the next value once the last one is applied: new
            // writes keep arriving at both instances while a PATCH is in flight, and both try to claim the participant.
            var ids = new List<string>();
            var writers = Enumerable.Range(0, 8).Select(async w =>
            {
                var http = w % 2 == 0 ? rig.Http : secondHttp;
                for (var i = 0; i < 8; i++)
                {
                    var id = await AcceptAsync(http, conversation, customer, $"k{w}", i.ToString(CultureInfo.InvariantCulture));
                    lock (ids)
                    {
                        ids.Add(id);
                    }

                    (await rig.SettledAsync(id, seconds: 60))["status"]!.GetValue<string>().ShouldBe("applied");
                }
            });
            await Task.WhenAll(writers);

            var times = await PatchTimesAsync(rig.Emulator, conversation, customer);
            var (byFirst, bySecond) = (rig.Relay.PlatformRequests - firstBefore, second.PlatformRequests - secondBefore);
            output.WriteLine($"round {round}: {ids.Count} writes in {times.Count} PATCHes; platform requests: first instance {byFirst}, second {bySecond}");
            times.Count.ShouldBeGreaterThan(1);
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
            gaps.ShouldAllBe(gap => gap >= PatchLatency - TimeSpan.FromMilliseconds(2), $"PATCH arrivals: {string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}");
            for (var w = 0; w < 8; w++)
            {
                rig.AttributesOf(conversation, customer)[$"k{w}"].ShouldBe("7");
            }

            raced = byFirst > 0 && bySecond > 0;
        }

        raced.ShouldBeTrue("in at least one of five rounds both instances delivered to the participant");
    }

    [Fact]
    public async Task Every_platform_request_of_an_instance_verification_reads_included_passes_the_shared_budget()
    {
        // Ensure on and Verify by default: the PATCH, the read-back and the notification channel's calls all go through the transport.
        await using var rig = await RelayRig.StartAsync(store: await (await PostgresServer.GetAsync()).CreateDatabaseAsync());
        var (conversation, customer) = await rig.NewCallAsync();
        var id = await rig.AcceptAsync(conversation, customer, new() { ["loyalty_tier"] = "gold" });
        var status = await rig.SettledAsync(id);
        status["status"]!.GetValue<string>().ShouldBeOneOf("applied", "verified");
        await rig.Relay.StopAsync();

        // Stopping may cancel a request (a verification read, a channel call) while it waits for its permit: it
        // went through the budget but took none, so the grants can fall short of the requests, never exceed them.
        var (requests, grants) = (rig.Relay.SharedBudgetRequests, rig.Relay.SharedBudgetGrants);
        requests.ShouldNotBeNull();
        grants.ShouldNotBeNull();
        rig.Relay.PlatformRequests.ShouldBeGreaterThan(1);
        requests.Value.ShouldBe(rig.Relay.PlatformRequests + rig.Relay.TokenRequests, "every platform and token request goes through the shared budget");
        grants.Value.ShouldBeGreaterThan(1);
        grants.Value.ShouldBeLessThanOrEqualTo(requests.Value, "a permit is taken only by a request waiting for one");
    }

    [Fact]
    public async Task When_the_database_goes_away_writes_are_refused_with_a_503_and_the_relay_recovers_when_it_returns()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync();
        await using var rig = await RelayRig.StartAsync(relay: o => o.Ensure = false, store: database);
        var (conversation, customer) = await rig.NewCallAsync();
        var before = await rig.AcceptAsync(conversation, customer, new() { ["step"] = "before" });
        (await rig.SettledAsync(before))["status"]!.GetValue<string>().ShouldBe("applied");

        await server.BlockAsync(database);
        try
        {
            using var refused = await rig.PostAsync("/v1/writes", RelayRig.WriteJson(conversation, customer, new Dictionary<string, string> { ["step"] = "during" }, idempotencyKey: "during-1"));
            var text = await refused.Content.ReadAsStringAsync();
            output.WriteLine(text);
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, text);
            var error = JsonNode.Parse(text)!;
            error["code"]!.GetValue<string>().ShouldBe("service.unavailable");
            error["message"]!.GetValue<string>().ShouldContain("was not accepted; retry it");
            error["message"]!.GetValue<string>().ShouldContain("PostgreSQL store");

            using var status = await rig.Http.GetAsync($"/v1/writes/{before}");
            status.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await status.Content.ReadAsStringAsync()).ShouldContain("cannot reach its store");

            using var health = await rig.Http.GetAsync("/healthz");
            health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await server.UnblockAsync(database);
        }

        // Back: the same request (same idempotency key) is accepted once and delivered. A pooled connection the
        // outage broke may fail one more request; a client retries a 503.
        string? during = null;
        for (var attempt = 0; attempt < 20 && during is null; attempt++)
        {
            using var retry = await rig.PostAsync("/v1/writes", RelayRig.WriteJson(conversation, customer, new Dictionary<string, string> { ["step"] = "during" }, idempotencyKey: "during-1"));
            if (retry.StatusCode == HttpStatusCode.Accepted)
            {
                during = JsonNode.Parse(await retry.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>();
            }
            else
            {
                retry.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                await Task.Delay(100);
            }
        }

        during.ShouldNotBeNull("the relay accepts writes again once the database is back");
        (await rig.SettledAsync(during, seconds: 60))["status"]!.GetValue<string>().ShouldBe("applied");
        rig.AttributesOf(conversation, customer)["step"].ShouldBe("during");
        (await rig.PatchesAsync(conversation, customer)).Count(p => p["step"] == "during").ShouldBe(1);
    }

    private static async Task<string> AcceptAsync(HttpClient http, string conversation, string customer, string key, string value)
    {
        using var response = await http.PostAsync("/v1/writes", new StringContent(RelayRig.WriteJson(conversation, customer, new Dictionary<string, string> { [key] = value }), System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, text);
        return JsonNode.Parse(text)!["writeId"]!.GetValue<string>();
    }

    /// <summary>When the emulator received each accepted PATCH for the participant, in order.</summary>
    private static async Task<List<DateTimeOffset>> PatchTimesAsync(EmulatorHost emulator, string conversation, string participant)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(emulator.BaseUri, "/emulator/v1/requests")));
        var entries = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("entities");
        var path = $"/api/v2/conversations/{conversation}/participants/{participant}/attributes";
        return [.. entries.EnumerateArray()
            .Where(e => e.GetProperty("method").GetString() == "PATCH" && e.GetProperty("path").GetString() == path)
            .Select(e => DateTimeOffset.Parse(e.GetProperty("time").GetString()!, CultureInfo.InvariantCulture))
            .Order()];
    }
}
