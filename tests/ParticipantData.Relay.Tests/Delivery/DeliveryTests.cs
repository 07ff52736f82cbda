using System.Text.Json.Nodes;
using ParticipantData.Emulator;
using ParticipantData.Relay.Store;
using ParticipantData.Relay.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Relay.Tests.Delivery;

public sealed class DeliveryTests
{
    [Fact]
    public async Task Writes_queued_for_one_participant_coalesce_into_one_patch_last_value_per_key_in_acceptance_order()
    {
        string conversation = "", customer = "";
        List<WriteId> ids = [];
        await using var rig = await RelayRig.StartAsync(beforeStart: async (emulator, path) =>
        {
            var created = await emulator.CreateConversationAsync(new NewConversation("call"));
            conversation = created.Id;
            customer = created.Participants.First(p => p.Purpose == "customer").Id;
            await using var store = new SqliteRelayStore(path);
            await store.MigrateAsync(default);
            var values = new[]
            {
                new Dictionary<string, string> { ["tier"] = "bronze", ["case"] = "C-1" },
                new Dictionary<string, string> { ["tier"] = "silver" },
                new Dictionary<string, string> { ["tier"] = "gold", ["intent"] = "billing" },
            };
            foreach (var attributes in values)
            {
                var id = WriteId.New(TimeProvider.System);
                ids.Add(id);
                await store.AcceptAsync(
                    new NewWrite
                    {
                        Id = id, Kind = WriteKind.Attributes, ConversationId = conversation, ParticipantId = customer, Attributes = attributes,
                        RequestHash = id.Value, AcceptedAt = DateTimeOffset.UtcNow, DeadlineAt = DateTimeOffset.UtcNow.AddMinutes(1),
                    },
                    default);
            }
        });

        var statuses = new List<JsonObject>();
        foreach (var id in ids)
        {
            statuses.Add(await rig.SettledAsync(id.Value));
        }

        var patches = await rig.PatchesAsync(conversation, customer);
        patches.Count.ShouldBe(1);
        patches[0].ShouldBe(new Dictionary<string, string> { ["tier"] = "gold", ["case"] = "C-1", ["intent"] = "billing" }, ignoreOrder: true);
        statuses.ShouldAllBe(s => s["status"]!.GetValue<string>() == "applied" && s["coalescedWrites"]!.GetValue<int>() == 3);
        rig.AttributesOf(conversation, customer)["tier"].ShouldBe("gold");
    }

    [Fact]
    public async Task Writes_accepted_while_a_delivery_is_in_flight_go_out_together_in_the_next_patch()
    {
        // The first PATCH is held long enough for five accepts to land behind it even on a slow disk (each accept is an
        // fsync). Ensure is off: a late event of the first value may make it re-apply the last one, a third PATCH that
        // is about guarding, not coalescing.
        await using var rig = await RelayRig.StartAsync(
            emulator: o => o.FaultPlan = FaultPlan.Parse("""
                {"rules": [{"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "requests": [1], "action": {"type": "latency", "ms": 3000}}]}
                """),
            relay: o => o.Ensure = false);
        var (conversation, customer) = await rig.NewCallAsync();
        var first = await rig.AcceptAsync(conversation, customer, new() { ["step"] = "0" });
        await Eventually.HoldsAsync(async () => (await rig.Relay.Store.FindAsync(Parse(first), default))!.Delivering, "the first write is being delivered");

        var later = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            later.Add(await rig.AcceptAsync(conversation, customer, new() { ["step"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), [$"k{i}"] = "x" }));
        }

        foreach (var id in later.Prepend(first))
        {
            (await rig.SettledAsync(id))["status"]!.GetValue<string>().ShouldBe("applied");
        }

        var patches = await rig.PatchesAsync(conversation, customer);
        patches.Count.ShouldBe(2, string.Join(" | ", patches.Select(p => string.Join(",", p.Select(kv => kv.Key + "=" + kv.Value)))));
        patches[1]["step"].ShouldBe("5");
        patches[1].Keys.ShouldBe(["step", "k1", "k2", "k3", "k4", "k5"], ignoreOrder: true);
        (await rig.StatusAsync(later[^1]))["coalescedWrites"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task Writes_are_delivered_under_409s_from_a_contended_call_and_read_back()
    {
        await using var rig = await RelayRig.StartAsync();
        var lifecycle = new LifecycleOptions { FlowWriteInterval = TimeSpan.FromMilliseconds(60), DtmfInterval = TimeSpan.FromMilliseconds(200) };
        var created = await rig.Emulator.CreateConversationAsync(new NewConversation("call", Lifecycle: lifecycle));
        var customer = created.Participants.First(p => p.Purpose == "customer").Id;

        var statuses = new List<JsonObject>();
        for (var i = 0; i < 12; i++)
        {
            var id = await rig.AcceptAsync(created.Id, customer, new() { [$"crm_{i}"] = $"v{i}" });
            statuses.Add(await rig.SettledAsync(id));
        }

        statuses.ShouldAllBe(s => s["status"]!.GetValue<string>() == "applied");
        rig.Emulator.Statistics.VersionConflicts.ShouldBeGreaterThan(0);
        statuses.Sum(s => s["conflictsAbsorbed"]!.GetValue<int>()).ShouldBeGreaterThan(0);
        var held = rig.AttributesOf(created.Id, customer);
        for (var i = 0; i < 12; i++)
        {
            held[$"crm_{i}"].ShouldBe($"v{i}");
        }
    }

    [Fact]
    public async Task Writes_are_delivered_through_the_chaos_plan_and_the_last_value_of_every_key_holds()
    {
        // The built-in chaos plan, plus a 503 on every 2nd attribute PATCH: coalescing may leave as few as one PATCH per
        // call, so a rule over all requests with a longer period (or chaos's odds alone) could fire on none of them.
        var plan = System.Text.Json.Nodes.JsonNode.Parse(FaultPlan.Chaos(seed: 7).ToJson())!;
        plan["rules"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(EverySecondPatch));
        await using var rig = await RelayRig.StartAsync(emulator: o => o.FaultPlan = FaultPlan.Parse(plan.ToJsonString()), relay: o => o.Ensure = false);
        var calls = new List<(string Conversation, string Customer)>();
        for (var i = 0; i < 3; i++)
        {
            calls.Add(await rig.NewCallAsync());
        }

        var ids = new List<string>();
        for (var round = 0; round < 8; round++)
        {
            foreach (var (conversation, customer) in calls)
            {
                ids.Add(await rig.AcceptAsync(conversation, customer, new() { ["round"] = $"r{round}", [$"seen_{round}"] = "yes" }));
            }
        }

        foreach (var id in ids)
        {
            var status = await rig.SettledAsync(id, seconds: 60);
            status["status"]!.GetValue<string>().ShouldBe("applied", status.ToJsonString());
        }

        rig.Emulator.Statistics.InjectedFaults.ShouldBeGreaterThan(0);
        foreach (var (conversation, customer) in calls)
        {
            var held = rig.AttributesOf(conversation, customer);
            held["round"].ShouldBe("r7");
            Enumerable.Range(0, 8).ShouldAllBe(r => held[$"seen_{r}"] == "yes");
        }
    }

    [Fact]
    public async Task A_write_to_a_conversation_that_has_ended_fails_with_conversation_ended()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        await rig.Emulator.DisconnectConversationAsync(conversation);

        var id = await rig.AcceptAsync(conversation, customer, new() { ["loyalty_tier"] = "gold" });
        var status = await rig.SettledAsync(id);

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["reason"]!.GetValue<string>().ShouldBe("conversation ended");
        rig.AttributesOf(conversation, customer).ContainsKey("loyalty_tier").ShouldBeFalse();
    }

    [Fact]
    public async Task A_write_the_platform_keeps_refusing_is_retried_until_its_deadline_then_fails_saying_so()
    {
        await using var rig = await RelayRig.StartAsync(emulator: o => o.FaultPlan = FaultPlan.Parse("""
            {"rules": [{"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "action": {"type": "status", "status": 503}}]}
            """));
        var (conversation, customer) = await rig.NewCallAsync();

        // 4 s: room for the first delivery and a retry while the whole suite shares two cores (with 2 s, one
        // full-suite run failed with no attempt recorded before the deadline).
        var id = await rig.AcceptAsync(conversation, customer, new() { ["loyalty_tier"] = "gold" }, deadlineSeconds: 4);
        var status = await rig.SettledAsync(id, seconds: 30);

        var seen = status.ToJsonString();
        status["status"]!.GetValue<string>().ShouldBe("failed", seen);
        status["reason"]!.GetValue<string>().ShouldContain("deadline", Case.Sensitive, seen);
        status["attempts"]!.GetValue<int>().ShouldBeGreaterThan(1, seen);
    }

    [Fact]
    public async Task A_write_for_a_conversation_the_platform_does_not_know_fails_without_retrying_forever()
    {
        await using var rig = await RelayRig.StartAsync();

        var id = await rig.AcceptAsync("3fa85f64-5717-4562-b3fc-2c963f66afa6", "5fa85f64-5717-4562-b3fc-2c963f66afa7", new() { ["a"] = "b" });
        var status = await rig.SettledAsync(id);

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["reason"]!.GetValue<string>().ShouldContain("404");
    }

    [Fact]
    public async Task A_write_by_a_purpose_the_conversation_lacks_fails_naming_it()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, _) = await rig.NewCallAsync();

        using var response = await rig.PostAsync("/v1/writes", $$$"""{"conversationId": "{{{conversation}}}", "purpose": "agent", "attributes": {"a": "b"}}""");
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>();
        var status = await rig.SettledAsync(id);

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["reason"]!.GetValue<string>().ShouldContain("no 'agent' participant");
    }

    private const string EverySecondPatch = """{"name": "every-2nd-patch-503", "route": "PATCH /api/v2/conversations/*/participants/*/attributes", "every": 2, "action": {"type": "status", "status": 503}}""";

    private static WriteId Parse(string id) => WriteId.TryParse(id, out var parsed) ? parsed : throw new FormatException(id);
}
