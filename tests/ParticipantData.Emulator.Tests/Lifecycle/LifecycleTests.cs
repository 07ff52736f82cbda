using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Lifecycle;

public sealed class LifecycleTests
{
    /// <summary>No jitter and no background events: only the state changes, at whole seconds.</summary>
    private static readonly LifecycleOptions Quiet = new()
    {
        Jitter = 0,
        IvrDuration = TimeSpan.FromSeconds(10),
        QueueDuration = TimeSpan.FromSeconds(5),
        AlertingDuration = TimeSpan.FromSeconds(3),
        ConnectedDuration = TimeSpan.FromSeconds(20),
        WrapUpDuration = TimeSpan.FromSeconds(7),
        DtmfInterval = TimeSpan.Zero,
        FlowWriteInterval = TimeSpan.Zero,
        HoldInterval = TimeSpan.Zero,
    };

    [Fact]
    public async Task The_call_moves_from_ivr_to_queue_to_alerting_to_connected_to_wrap_up_to_ended_as_time_passes()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet));
        var token = await emu.TokenAsync();
        async Task<JsonObject> GetAsync()
        {
            using var response = await emu.GetAsync("/api/v2/conversations/" + created.Id, token);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await response.JsonObjectAsync();
        }

        var ivr = await GetAsync();
        clock.Advance(TimeSpan.FromSeconds(10));
        var queue = await GetAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        var alerting = await GetAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        var connected = await GetAsync();
        clock.Advance(TimeSpan.FromSeconds(20));
        var wrapUp = await GetAsync();
        clock.Advance(TimeSpan.FromSeconds(7));
        var ended = await GetAsync();

        States(ivr).ShouldBe(["customer connected", "ivr connected"]);
        States(queue).ShouldBe(["customer connected", "ivr disconnected transfer", "acd connected"]);
        States(alerting).ShouldBe(["customer connected", "ivr disconnected transfer", "acd connected", "agent alerting"]);
        alerting.Participant("agent")["connectedTime"].ShouldBeNull();
        alerting.Participant("agent")["userId"].ShouldNotBeNull();
        States(connected).ShouldBe(["customer connected", "ivr disconnected transfer", "acd disconnected transfer", "agent connected"]);
        connected.Participant("agent")["connectedTime"].Str().ShouldBe("2026-11-21T09:00:18.000Z");
        States(wrapUp).ShouldBe(["customer disconnected endpoint", "ivr disconnected transfer", "acd disconnected transfer", "agent disconnected peer"]);
        wrapUp["endTime"].ShouldBeNull();
        wrapUp.Participant("agent")["wrapupRequired"]!.GetValue<bool>().ShouldBeTrue();
        ended["endTime"].Str().ShouldBe("2026-11-21T09:00:45.000Z");
        emu.Host.Conversations.Single().Ended.ShouldBeTrue();
        emu.Host.Services.Lifecycles.Running.ShouldBe(0);
        clock.PendingTimers.ShouldBe(0);
    }

    [Fact]
    public async Task Holds_show_as_held_on_the_customers_call_while_connected()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet with
        {
            HoldInterval = TimeSpan.FromSeconds(4),
            HoldDuration = TimeSpan.FromSeconds(2),
        }));
        var token = await emu.TokenAsync();
        async Task<bool> HeldAsync()
        {
            using var response = await emu.GetAsync("/api/v2/conversations/" + created.Id, token);
            return (await response.JsonObjectAsync()).Participant("customer")["calls"]![0]!["held"]!.GetValue<bool>();
        }

        clock.Advance(TimeSpan.FromSeconds(18 + 3)); // connected at 18 s
        var before = await HeldAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var during = await HeldAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var after = await HeldAsync();

        (before, during, after).ShouldBe((false, true, false));
    }

    [Fact]
    public async Task Flow_set_participant_data_writes_appear_on_the_customer_in_turn()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet with
        {
            FlowWriteInterval = TimeSpan.FromSeconds(1),
            FlowWriteKeys = ["ivr.menu", "ivr.language"],
        }));

        clock.Advance(TimeSpan.FromSeconds(3));
        using var response = await emu.GetAsync("/api/v2/conversations/" + created.Id);

        var attributes = (await response.JsonObjectAsync()).Participant("customer")["attributes"]!;
        attributes["ivr.menu"].Str().ShouldBe("flow-3");
        attributes["ivr.language"].Str().ShouldBe("flow-2");
        emu.Host.Statistics.FlowWrites.ShouldBe(3);
    }

    [Fact]
    public async Task Flow_writes_go_on_in_queue_and_stop_when_an_agent_is_alerted()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet with
        {
            FlowWriteInterval = TimeSpan.FromSeconds(1),
            FlowWriteKeys = ["step"],
        }));

        clock.Advance(TimeSpan.FromSeconds(60));

        // IVR 0-10 s and queue 10-15 s: writes at 1, 2, ... 15 s (the one at 15 s comes before the state change).
        emu.Host.Statistics.FlowWrites.ShouldBe(15);
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes["step"].ShouldBe("flow-15");
    }

    [Fact]
    public async Task The_ivr_flows_write_back_overwrites_a_value_written_from_outside_meanwhile()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(
            Participants: [new NewParticipant("customer", "Customer", new Dictionary<string, string> { ["tier"] = "gold" })],
            Lifecycle: Quiet with { FlowReadDelay = TimeSpan.FromSeconds(1), IvrDuration = TimeSpan.FromSeconds(5) }));
        var customer = created.Participants.Single(p => p.Purpose == "customer").Id;
        var path = $"/api/v2/conversations/{created.Id}/participants/{customer}/attributes";

        clock.Advance(TimeSpan.FromSeconds(2)); // the flow has read tier=gold at 1 s
        var write = emu.PatchJsonAsync(path, """{"attributes":{"tier":"platinum","crm":"42"}}""");
        await clock.WaitForTimerDueWithinAsync(EmulatorOptions.ContendedWriteServiceTime);
        clock.Advance(EmulatorOptions.ContendedWriteServiceTime);
        using (var response = await write)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var beforeFlowEnds = Customer(emu);
        clock.Advance(TimeSpan.FromSeconds(3)); // the IVR flow ends at 5 s

        beforeFlowEnds["tier"].ShouldBe("platinum");
        var afterFlowEnds = Customer(emu);
        afterFlowEnds["tier"].ShouldBe("gold");
        afterFlowEnds["crm"].ShouldBe("42"); // not read by the flow, so not written back
        var statistics = emu.Host.Statistics;
        (statistics.FlowWriteBacks, statistics.WriteBackOverwrites).ShouldBe((1L, 1L));
    }

    [Fact]
    public async Task Without_write_back_the_value_written_from_outside_stays()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(
            Participants: [new NewParticipant("customer", "Customer", new Dictionary<string, string> { ["tier"] = "gold" })],
            Lifecycle: Quiet with { WriteBack = false }));

        clock.Advance(TimeSpan.FromSeconds(2));
        emu.Host.Services.Conversations.WriteAttributes(new AttributeWrite(
            created.Id, created.Participants[0].Id, null, new Dictionary<string, string> { ["tier"] = "platinum" }, false));
        clock.Advance(TimeSpan.FromSeconds(10));

        Customer(emu)["tier"].ShouldBe("platinum");
        emu.Host.Statistics.FlowWriteBacks.ShouldBe(0);
    }

    [Theory]
    [InlineData(false, "123")]
    [InlineData(true, "")]
    public async Task A_listed_key_that_was_not_set_when_read_is_written_back_empty_only_when_asked(bool writeBackUnsetKeys, string expected)
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(
            Participants: [new NewParticipant("customer", "Customer", new Dictionary<string, string> { ["tier"] = "gold" })],
            Lifecycle: Quiet with { FlowReadKeys = ["tier", "caseId"], WriteBackUnsetKeys = writeBackUnsetKeys }));

        clock.Advance(TimeSpan.FromSeconds(2));
        emu.Host.Services.Conversations.WriteAttributes(new AttributeWrite(
            created.Id, created.Participants[0].Id, null, new Dictionary<string, string> { ["caseId"] = "123" }, false));
        clock.Advance(TimeSpan.FromSeconds(10));

        Customer(emu)["caseId"].ShouldBe(expected);
        Customer(emu)["tier"].ShouldBe("gold");
    }

    [Fact]
    public async Task Lifecycle_commits_bump_the_version_and_make_an_overlapping_external_write_get_409()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet with { DtmfInterval = TimeSpan.FromSeconds(1) }));
        var customer = created.Participants.Single(p => p.Purpose == "customer").Id;
        var store = emu.Host.Services.Conversations;

        clock.Advance(TimeSpan.FromSeconds(3));
        var afterThreeDigits = store.Find(created.Id)!.Version;
        clock.Advance(TimeSpan.FromMilliseconds(980));
        var write = emu.PatchJsonAsync($"/api/v2/conversations/{created.Id}/participants/{customer}/attributes", """{"attributes":{"a":"1"}}""");
        await clock.WaitForPendingTimersAsync(2); // the lifecycle's timer (DTMF at 4 s) and the write's service time
        clock.Advance(EmulatorOptions.ContendedWriteServiceTime); // the DTMF at 4 s commits during the write's 50 ms

        afterThreeDigits.ShouldBe(4);
        using var response = await write;
        await response.ShouldBeErrorAsync(409, "conflict", "The version number of the modified resource must match");
        emu.Host.Statistics.LifecycleEvents.ShouldBe(4);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_jittered_timeline_and_another_seed_another()
    {
        var first = await TimelineAsync(seed: 11);
        var second = await TimelineAsync(seed: 11);
        var other = await TimelineAsync(seed: 12);

        first.Count.ShouldBeGreaterThan(20);
        first.ShouldBe(second);
        other.ShouldNotBe(first);

        static async Task<List<string>> TimelineAsync(int seed)
        {
            var clock = new ManualTimeProvider();
            await using var emu = await TestEmulator.StartAsync(o =>
            {
                o.TimeProvider = clock;
                o.Seed = seed;
                o.Lifecycle = new LifecycleOptions { HoldInterval = TimeSpan.FromSeconds(20) };
            });
            var events = new List<string>();
            emu.Host.Services.Conversations.Changed += (_, change) => events.Add($"{clock.GetUtcNow():HH:mm:ss.fff} {change.Kind} v{change.Conversation.Version}");
            await emu.Host.CreateConversationAsync();
            clock.Advance(TimeSpan.FromMinutes(10));
            return events;
        }
    }

    [Fact]
    public async Task With_the_hosts_lifecycle_every_call_gets_one_unless_its_create_body_says_false()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Lifecycle = new LifecycleOptions();
        });

        var contended = await emu.CreateConversationAsync();
        var quiet = await emu.CreateConversationAsync("""{"lifecycle":false}""");
        var chat = await emu.CreateConversationAsync("""{"mediaType":"message"}""");

        Purposes(contended).ShouldBe(["customer", "ivr"]);
        Purposes(quiet).ShouldBe(["customer", "ivr", "acd"]);
        Purposes(chat).ShouldBe(["customer", "acd"]);
        emu.Host.Services.Lifecycles.Running.ShouldBe(1);
        emu.Host.Services.Conversations.Find(contended.Id())!.WriteServiceTime.ShouldBe(TimeSpan.FromMilliseconds(50));
        emu.Host.Services.Conversations.Find(quiet.Id())!.WriteServiceTime.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_lifecycle_object_in_the_create_body_overrides_the_defaults_field_by_field()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);

        var created = await emu.CreateConversationAsync("""
            {"participants":[{"purpose":"customer"},{"purpose":"agent","name":"Ada"}],
             "lifecycle":{"ivrSeconds":2,"queueSeconds":1,"alertingSeconds":1,"jitter":0,"flowWriteKeys":["k"],"flowWriteIntervalSeconds":0,"dtmfIntervalSeconds":0}}
            """);
        clock.Advance(TimeSpan.FromSeconds(4));
        using var response = await emu.GetAsync("/api/v2/conversations/" + created.Id());

        Purposes(created).ShouldBe(["customer", "ivr"]);
        var body = await response.JsonObjectAsync();
        body.Participant("agent")["name"].Str().ShouldBe("Ada");
        body.Participant("agent")["calls"]![0]!["state"].Str().ShouldBe("connected");
        body.Participant("customer")["attributes"]!.AsObject().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"lifecycle":{"ivrSeconds":-1}}""", "Value [-1] is not valid for field type [lifecycle.ivrSeconds]")]
    [InlineData("""{"lifecycle":{"jitter":1}}""", "[lifecycle.jitter]: it must be a number from 0 up to (not including) 1")]
    [InlineData("""{"lifecycle":{"ivrSecs":5}}""", "[lifecycle.ivrSecs] is not a lifecycle field")]
    [InlineData("""{"lifecycle":"yes"}""", "use true, false or an object")]
    [InlineData("""{"mediaType":"message","lifecycle":true}""", "lifecycle applies to calls only")]
    public async Task A_bad_lifecycle_in_the_create_body_gets_400_invalid_value_naming_it(string body, string problem)
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PostAsync("/emulator/v1/conversations", TestEmulator.Json(body));

        await response.ShouldBeErrorAsync(400, "invalid.value", problem);
        emu.Host.Conversations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_lifecycle_call_without_a_customer_is_refused()
    {
        await using var emu = await TestEmulator.StartAsync();

        var error = await Should.ThrowAsync<ArgumentException>(() => emu.Host.CreateConversationAsync(
            new NewConversation(Participants: [new NewParticipant("external")], Lifecycle: new LifecycleOptions())));

        error.Message.ShouldStartWith("A call with a lifecycle needs a customer participant");
    }

    [Fact]
    public async Task Out_of_range_host_lifecycle_options_fail_at_start_naming_the_setting()
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions
        {
            Lifecycle = new LifecycleOptions { Jitter = 1.5 },
        }));

        error.Message.ShouldStartWith("LifecycleOptions.Jitter must be at least 0 and less than 1.");
    }

    [Fact]
    public async Task A_call_disconnected_from_outside_stops_its_timeline()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet));

        await emu.Host.DisconnectConversationAsync(created.Id);
        var version = emu.Host.Services.Conversations.Find(created.Id)!.Version;
        clock.Advance(TimeSpan.FromMinutes(5));

        emu.Host.Services.Conversations.Find(created.Id)!.Version.ShouldBe(version);
        emu.Host.Services.Lifecycles.Running.ShouldBe(0);
        clock.PendingTimers.ShouldBe(0);
    }

    [Fact]
    public async Task Stopping_the_host_stops_every_timeline()
    {
        var clock = new ManualTimeProvider();
        var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Lifecycle = new LifecycleOptions();
        });
        await emu.Host.CreateConversationAsync();
        await emu.Host.CreateConversationAsync();
        var running = emu.Host.Services.Lifecycles.Running;

        await emu.DisposeAsync();

        running.ShouldBe(2);
        emu.Host.Services.Lifecycles.Running.ShouldBe(0);
        clock.PendingTimers.ShouldBe(0);
    }

    [Fact]
    public async Task Every_phase_of_the_call_reads_as_the_specs_conversation_models()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(Lifecycle: Quiet with
        {
            HoldInterval = TimeSpan.FromSeconds(1),
            HoldDuration = TimeSpan.FromSeconds(5),
            FlowWriteInterval = TimeSpan.FromSeconds(1),
        }));
        var token = await emu.TokenAsync();
        var spec = Conformance.OpenApiSpec.Load();
        var failures = new List<string>();

        // IVR, queue, alerting, connected and held, wrap-up, ended.
        foreach (var at in new[] { 0, 11, 16, 20, 40, 46 })
        {
            clock.AdvanceTo(new DateTimeOffset(2026, 11, 21, 9, 0, at, TimeSpan.Zero));
            foreach (var path in new[] { "/api/v2/conversations/" + created.Id, "/api/v2/conversations/calls/" + created.Id })
            {
                using var response = await emu.GetAsync(path, token);
                failures.AddRange(spec.Check("GET", path, (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
        }

        failures.ShouldBeEmpty();
        emu.Host.Conversations.Single().Ended.ShouldBeTrue();
    }

    private static string[] States(JsonObject conversation) =>
        conversation["participants"]!.AsArray()
            .Select(p => p!["calls"]![0]!)
            .Zip(conversation["participants"]!.AsArray(), (call, p) =>
                string.Join(' ', new[] { p!["purpose"].Str(), call["state"].Str(), call["disconnectType"]?.GetValue<string>() }.Where(s => s is not null)))
            .ToArray();

    private static string[] Purposes(JsonObject conversation) =>
        conversation["participants"]!.AsArray().Select(p => p!["purpose"].Str()).ToArray();

    private static IReadOnlyDictionary<string, string> Customer(TestEmulator emu) =>
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes;
}
