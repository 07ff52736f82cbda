using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Faults.Rules;
using ParticipantData.Emulator.Notifications;

namespace ParticipantData.Emulator.Tests.Faults;

/// <summary>The socket actions' JSON and their deterministic decisions, without sockets.</summary>
public sealed class SocketFaultPlanModelTests
{
    [Fact]
    public void Socket_rules_round_trip_through_to_json_and_parse()
    {
        var plan = FaultPlan.Parse("""
            {
              "rules": [
                { "route": "/channels/*", "topic": "v2.detail.events.conversation.*.attributes", "frames": [3, 9], "action": { "type": "dropSocket" } },
                { "route": "/channels/*", "every": 50, "limit": 2, "action": { "type": "closeSocket", "delayMs": 5000 } },
                { "route": "GET /channels/*", "afterMs": 90000, "action": { "type": "stopHeartbeats", "durationMs": 120000 } },
                { "route": "/channels/*", "probability": 0.01, "action": { "type": "stopHeartbeats" } },
                { "route": "/channels/*", "afterMs": 3600000, "action": { "type": "expireChannel" } },
                { "route": "/channels/*", "frames": [1000], "action": { "type": "evictChannel" } },
                { "route": "/channels/*", "action": { "type": "closeSocket" } }
              ]
            }
            """);

        var json = plan.ToJson();
        var again = FaultPlan.Parse(json);

        again.ToJson().ShouldBe(json);
        json.ShouldContain("\"topic\":\"v2.detail.events.conversation.*.attributes\",\"frames\":[3,9],\"action\":{\"type\":\"dropSocket\"}");
        json.ShouldContain("\"action\":{\"type\":\"closeSocket\",\"delayMs\":5000}");
        json.ShouldContain("\"afterMs\":90000,\"action\":{\"type\":\"stopHeartbeats\",\"durationMs\":120000}");
        json.ShouldContain("\"action\":{\"type\":\"expireChannel\"}");
        json.ShouldContain("\"action\":{\"type\":\"evictChannel\"}");
        again.Rules.Select(r => r.Action).ShouldBe([
            new DropSocketAction(), new CloseSocketAction(TimeSpan.FromSeconds(5)), new StopHeartbeatsAction(TimeSpan.FromMinutes(2)),
            new StopHeartbeatsAction(null), new ExpireChannelAction(), new EvictChannelAction(), new CloseSocketAction(null)]);
    }

    [Fact]
    public void The_documented_socket_example_parses_with_three_socket_rules_and_one_request_rule()
    {
        var plan = FaultPlan.Parse("""
            {
              "seed": 7,
              "rules": [
                { "name": "rotate", "route": "/channels/*", "afterMs": 300000, "action": { "type": "closeSocket", "delayMs": 30000 } },
                { "name": "lose-an-event", "route": "/channels/*", "topic": "v2.detail.events.conversation.*.attributes", "frames": [3],
                  "action": { "type": "dropSocket" } },
                { "name": "silent", "route": "/channels/*", "topic": "channel.metadata", "probability": 0.01,
                  "action": { "type": "stopHeartbeats", "durationMs": 120000 } },
                { "name": "refuse-reconnects", "route": "GET /channels/*", "requests": [2], "action": { "type": "status", "status": 503 } }
              ]
            }
            """);

        plan.Rules.Select(r => r.IsSocketRule).ShouldBe([true, true, true, false]);
        plan.Rules[0].Trigger.ShouldBe(new AfterConnectTrigger(TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("""{"route":"/channels/*","action":{"type":"dropSocket","ms":5}}""", "The fault plan's rules[0].action.ms is not a known field; the fields here are type.")]
    [InlineData("""{"route":"/channels/*","action":{"type":"closeSocket","delayMs":-5}}""", "The fault plan's rules[0].action.delayMs [-5] must be a number of milliseconds between 0 and 2592000000 (30 days).")]
    [InlineData("""{"route":"/channels/*","action":{"type":"closeSocket","delayMs":"5s"}}""", "The fault plan's rules[0].action.delayMs [\"5s\"] must be a number of milliseconds")]
    [InlineData("""{"route":"/channels/*","action":{"type":"stopHeartbeats","durationMs":0}}""", "The fault plan's rules[0].action.durationMs [0] must be a number of milliseconds between 1 and")]
    [InlineData("""{"route":"/channels/*","afterMs":-1,"action":{"type":"dropSocket"}}""", "The fault plan's rules[0].afterMs [-1] must be a number of milliseconds between 0 and")]
    [InlineData("""{"route":"/channels/*","frames":[],"action":{"type":"dropSocket"}}""", "The fault plan's rules[0].frames must be a non-empty array of frame numbers")]
    [InlineData("""{"route":"/channels/*","frames":[0],"action":{"type":"dropSocket"}}""", "The fault plan's rules[0].frames [0] must be a whole number of at least 1.")]
    [InlineData("""{"route":"/api/**","action":{"type":"dropSocket"}}""", "The fault plan's rules[0].route [/api/**] does not match the notification WebSocket: a dropSocket rule acts on open sockets")]
    [InlineData("""{"route":"POST /channels/*","action":{"type":"expireChannel"}}""", "The fault plan's rules[0].route [POST /channels/*] does not match the notification WebSocket")]
    [InlineData("""{"route":"/channels/*","requests":[1],"action":{"type":"dropSocket"}}""", "The fault plan's rules[0].requests numbers requests, but a dropSocket rule counts the frames sent on a socket")]
    [InlineData("""{"route":"/api/**","frames":[1],"action":{"type":"reset"}}""", "The fault plan's rules[0].frames only goes with a socket action (dropSocket, closeSocket, stopHeartbeats, expireChannel or evictChannel)")]
    [InlineData("""{"route":"/api/**","topic":"channel.metadata","action":{"type":"status","status":503}}""", "The fault plan's rules[0].topic only goes with a socket action")]
    [InlineData("""{"route":"/api/**","afterMs":5,"action":{"type":"latency","ms":5}}""", "The fault plan's rules[0].afterMs only goes with a socket action")]
    [InlineData("""{"route":"/channels/*","topic":"v2..x","action":{"type":"dropSocket"}}""", "The fault plan's rules[0].topic [v2..x] is not a topic pattern")]
    [InlineData("""{"route":"/channels/*","topic":"channel.metadata","afterMs":5,"action":{"type":"dropSocket"}}""", "The fault plan's rules[0].topic filters the frames a rule counts, and an afterMs rule counts no frames")]
    [InlineData("""{"route":"/channels/*","frames":[1],"afterMs":5,"action":{"type":"dropSocket"}}""", "The fault plan's rules[0] has both frames and afterMs")]
    [InlineData("""{"route":"/channels/*","action":{"type":"startHeartbeats"}}""", "The fault plan's rules[0].action.type [startHeartbeats] is not an action; use one of status, latency, reset, revokeToken, dropSocket, closeSocket, stopHeartbeats, expireChannel, evictChannel.")]
    public void A_bad_socket_rule_is_a_format_error_naming_the_field(string rule, string problem)
    {
        var error = Should.Throw<FormatException>(() => FaultPlan.Parse("""{"rules":[""" + rule + "]}"));

        error.Message.ShouldStartWith(problem);
    }

    [Fact]
    public void The_same_seed_gives_the_same_socket_faults_per_channel_and_another_seed_or_channel_other_ones()
    {
        const string Plan = """
            {"rules":[
              {"route":"/channels/*","probability":0.05,"action":{"type":"closeSocket"}},
              {"route":"/channels/*","topic":"channel.metadata","every":7,"action":{"type":"stopHeartbeats","durationMs":1000}}
            ]}
            """;

        var run = Run(seed: 11);

        run.ShouldBe(Run(seed: 11));
        run.ShouldNotBe(Run(seed: 12));
        run[0].ShouldNotBe(run[1]); // the channels' own streams differ
        run[0].Where(f => f.StartsWith("closeSocket", StringComparison.Ordinal)).Count().ShouldBeInRange(5, 25); // ~5 % of 300
        run[0].Where(f => f.StartsWith("stopHeartbeats", StringComparison.Ordinal)).ShouldBe(
            Enumerable.Range(1, 300).Where(n => n % 2 == 0 && (n / 2) % 7 == 0).Select(n => $"stopHeartbeats {n}"));

        List<List<string>> Run(int seed)
        {
            var active = new ActiveFaultPlan(FaultPlan.Parse(Plan), seed);
            var now = DateTimeOffset.UnixEpoch;
            var channels = new[] { new NotificationChannel("a", 1, "c", "t", "ws://x/channels/a", now, now), new NotificationChannel("b", 2, "c", "t", "ws://x/channels/b", now, now) };
            var fired = channels.Select(_ => new List<string>()).ToList();
            for (var frame = 1; frame <= 300; frame++)
            {
                for (var c = 0; c < channels.Length; c++)
                {
                    // odd frames are events, even ones heartbeats
                    var topic = frame % 2 == 0 ? "channel.metadata" : "v2.detail.events.conversation.x.attributes";
                    fired[c].AddRange(active.DecideFrame(channels[c], topic).Select(a => $"{a.Type} {frame}"));
                }
            }

            return fired;
        }
    }

    [Fact]
    public void A_socket_action_that_ends_the_socket_keeps_later_rules_from_acting_on_the_same_frame_but_they_still_count_it()
    {
        var active = new ActiveFaultPlan(FaultPlan.Parse("""
            {"rules":[
              {"route":"/channels/*","frames":[2],"action":{"type":"dropSocket"}},
              {"route":"/channels/*","frames":[2,3],"action":{"type":"closeSocket"}}
            ]}
            """), 0);
        var channel = new NotificationChannel("a", 1, "c", "t", "ws://x/channels/a", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var decisions = Enumerable.Range(1, 3).Select(_ => active.DecideFrame(channel, "channel.metadata").Select(a => a.Type).ToList()).ToList();

        decisions.ShouldBe([[], ["dropSocket"], ["closeSocket"]]);
        active.Counters().ShouldBe([(3L, 1L), (3L, 1L)]);
    }

    [Fact]
    public void Socket_rules_leave_the_http_decisions_of_a_plan_unchanged()
    {
        var chaos = FaultPlan.Chaos(seed: 3);
        var withSockets = FaultPlan.Parse(chaos.ToJson().Replace(
            "\"rules\":[", "\"rules\":[{\"route\":\"/**\",\"probability\":0.5,\"action\":{\"type\":\"dropSocket\"}},", StringComparison.Ordinal));

        static List<string> Run(FaultPlan plan)
        {
            var active = new ActiveFaultPlan(plan, 3);
            return Enumerable.Range(0, 2_000).Select(_ => active.Decide("GET", "/api/v2/conversations/c")).Select(d => $"{d.Action?.Type ?? "none"} {d.Status}").ToList();
        }

        withSockets.Rules.Count.ShouldBe(chaos.Rules.Count + 1);
        Run(withSockets).ShouldBe(Run(chaos));
    }
}
