using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Notifications;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Faults;

/// <summary>The fault plan's socket actions, observed by a raw ClientWebSocket on a manual clock.</summary>
public sealed class SocketFaultTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DropSocket_on_frame_3_delivers_two_frames_then_the_receive_fails_without_a_close_frame_and_the_channel_survives()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/channels/*","frames":[3],"action":{"type":"dropSocket"}}]}""");
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        var first = await socket.PingAsync();
        var second = await socket.PingAsync();
        await socket.SendTextAsync("""{"message":"ping"}""");

        first["eventBody"]!["message"].Str().ShouldBe("pong");
        second["eventBody"]!["message"].Str().ShouldBe("pong");
        await Should.ThrowAsync<WebSocketException>(socket.ReceiveAsync);
        socket.Socket.CloseStatus.ShouldBeNull();
        (await HeadAsync(emu, channel["id"].Str())).ShouldBe(HttpStatusCode.OK);
        await using var again = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        (await again.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong"); // frame 4 of the channel: the rule is done
        var rule = await RuleAsync(emu);
        (rule["matched"]!.GetValue<long>(), rule["injected"]!.GetValue<long>()).ShouldBe((4L, 1L));
        emu.Host.Statistics.InjectedFaults.ShouldBe(1);
    }

    [Fact]
    public async Task CloseSocket_sends_socket_closing_and_closes_after_its_delay_while_the_channel_stays()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync("""{"rules":[{"route":"/channels/*","frames":[2],"action":{"type":"closeSocket","delayMs":5000}}]}""", clock);
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        (await socket.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong");
        (await socket.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong"); // frame 2 still goes out...
        var warning = await socket.ReceiveAsync(); // ...then the warning
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromMilliseconds(4999));
        var duringGrace = await socket.PingAsync();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var closed = await socket.ReceiveAsync();

        warning!["topicName"].Str().ShouldBe("v2.system.socket_closing");
        duringGrace["eventBody"]!["message"].Str().ShouldBe("pong");
        closed.ShouldBeNull();
        socket.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        (await HeadAsync(emu, channel["id"].Str())).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StopHeartbeats_after_connect_for_a_duration_sends_no_heartbeat_over_several_intervals_then_they_resume()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync("""{"rules":[{"route":"/channels/*","afterMs":1000,"action":{"type":"stopHeartbeats","durationMs":100000}}]}""", clock);
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await clock.WaitForTimersAsync(d => d.Contains(TimeSpan.FromSeconds(1)) && d.Contains(Heartbeat));

        clock.Advance(TimeSpan.FromSeconds(1)); // t = 1 s: heartbeats stop until t = 101 s
        var stopped = (await Channels.AdminViewAsync(emu, channel["id"].Str()))!["heartbeatsStopped"]!.GetValue<bool>();
        clock.Advance(TimeSpan.FromSeconds(89)); // t = 90 s: the heartbeats of 30, 60 and 90 s are not sent
        var next = await socket.PingAsync(); // the reply comes first: no heartbeat was queued
        clock.Advance(TimeSpan.FromSeconds(30)); // t = 120 s: resumed at 101 s
        var resumed = await socket.ReceiveAsync();

        stopped.ShouldBeTrue();
        next["eventBody"]!["message"].Str().ShouldBe("pong");
        resumed!["eventBody"]!["message"].Str().ShouldBe("WebSocket Heartbeat");
        (await Channels.AdminViewAsync(emu, channel["id"].Str()))!["heartbeatsStopped"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task ExpireChannel_sends_socket_closing_closes_and_the_channel_reads_as_gone()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/channels/*","frames":[1],"action":{"type":"expireChannel"}}]}""");
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        var pong = await socket.PingAsync();
        var warning = await socket.ReceiveAsync();
        var closed = await socket.ReceiveAsync();

        pong["eventBody"]!["message"].Str().ShouldBe("pong");
        warning!["topicName"].Str().ShouldBe("v2.system.socket_closing");
        closed.ShouldBeNull();
        socket.Socket.CloseStatusDescription.ShouldBe("Channel expired");
        (await HeadAsync(emu, channel["id"].Str())).ShouldBe(HttpStatusCode.NotFound);
        (await Should.ThrowAsync<WebSocketException>(() => NotificationSocket.ConnectAsync(channel["connectUri"].Str()))).Message.ShouldContain("404");
    }

    [Fact]
    public async Task EvictChannel_sends_no_longer_subscribed_closes_and_the_channel_reads_as_gone()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/channels/*","frames":[1],"action":{"type":"evictChannel"}}]}""");
        var channel = await Channels.CreateAsync(emu);
        var id = channel["id"].Str();
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        await socket.PingAsync();
        var notice = await socket.ReceiveAsync();
        var closed = await socket.ReceiveAsync();

        notice!["topicName"].Str().ShouldBe("v2.system.no_longer_subscribed." + id);
        notice["eventBody"]!["systemTopicType"].Str().ShouldBe("no_longer_subscribed");
        notice["eventBody"]!["channelId"].Str().ShouldBe(id);
        closed.ShouldBeNull();
        socket.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        (await HeadAsync(emu, id)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_topic_filter_counts_only_the_frames_of_that_topic()
    {
        await using var emu = await StartAsync("""
            {"rules":[{"route":"/channels/*","topic":"v2.detail.events.conversation.*.attributes","frames":[2],"action":{"type":"dropSocket"}}]}
            """);
        var conversation = await emu.CreateConversationAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";
        var channel = await Channels.CreateAsync(emu);
        await Channels.SubscribeAsync(emu, channel["id"].Str(), Channels.AttributesTopic(conversation.Id()));
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        await socket.PingAsync();
        await socket.PingAsync(); // pongs are channel.metadata: not counted
        (await emu.PatchJsonAsync(path, """{"attributes":{"n":"1"}}""")).Dispose();
        var first = await socket.ReceiveEventAsync();
        await socket.PingAsync();
        (await emu.PatchJsonAsync(path, """{"attributes":{"n":"2"}}""")).Dispose();

        first["eventBody"]!["attributes"]!["n"].Str().ShouldBe("1");
        await Should.ThrowAsync<WebSocketException>(socket.ReceiveAsync);
        socket.Socket.CloseStatus.ShouldBeNull();
    }

    [Fact]
    public async Task A_socket_rule_counts_frames_only_and_leaves_requests_and_the_handshake_alone()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/**","frames":[2],"action":{"type":"dropSocket"}}]}""");
        var channel = await Channels.CreateAsync(emu); // a request the route matches: not faulted, not counted
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str()); // the handshake neither

        var pong = await socket.PingAsync();
        await socket.SendTextAsync("""{"message":"ping"}""");

        pong["eventBody"]!["message"].Str().ShouldBe("pong");
        await Should.ThrowAsync<WebSocketException>(socket.ReceiveAsync);
        (await RuleAsync(emu))["matched"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task A_route_with_one_channel_id_faults_that_channel_only()
    {
        await using var emu = await TestEmulator.StartAsync();
        var spared = await Channels.CreateAsync(emu);
        var target = await Channels.CreateAsync(emu);
        emu.Host.FaultPlan = FaultPlan.Parse($$$"""{"rules":[{"route":"/channels/{{{target["id"].Str()}}}","action":{"type":"dropSocket"}}]}""");
        await using var safe = await NotificationSocket.ConnectAsync(spared["connectUri"].Str());
        await using var doomed = await NotificationSocket.ConnectAsync(target["connectUri"].Str());

        var pong = await safe.PingAsync();
        await doomed.SendTextAsync("""{"message":"ping"}""");

        pong["eventBody"]!["message"].Str().ShouldBe("pong");
        await Should.ThrowAsync<WebSocketException>(doomed.ReceiveAsync);
    }

    [Fact]
    public async Task A_plan_with_afterMs_installed_on_an_open_socket_times_it_from_the_connect()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => (o.TimeProvider, o.Notifications.HeartbeatInterval) = (clock, TimeSpan.Zero));
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await socket.PingAsync(); // the server is running the socket
        clock.Advance(TimeSpan.FromSeconds(6));

        emu.Host.FaultPlan = FaultPlan.Parse("""{"rules":[{"route":"/channels/*","afterMs":10000,"action":{"type":"dropSocket"}}]}""");
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(4));
        var armedFor = clock.NextDue!.Value - clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(4));

        armedFor.ShouldBe(TimeSpan.FromSeconds(4));
        await Should.ThrowAsync<WebSocketException>(socket.ReceiveAsync);
        socket.Socket.CloseStatus.ShouldBeNull();
    }

    [Fact]
    public async Task The_admin_api_can_evict_a_connected_channel_with_no_longer_subscribed()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        var id = channel["id"].Str();
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await socket.PingAsync();

        using var evict = await Channels.FaultAsync(emu, id, "evict");
        var notice = await socket.ReceiveAsync();
        var closed = await socket.ReceiveAsync();

        evict.StatusCode.ShouldBe(HttpStatusCode.OK);
        notice!["topicName"].Str().ShouldBe("v2.system.no_longer_subscribed." + id);
        closed.ShouldBeNull();
        (await HeadAsync(emu, id)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_second_socket_closing_on_a_closing_socket_is_a_409_saying_it_is_already_closing()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await socket.PingAsync();
        (await Channels.FaultAsync(emu, channel["id"].Str(), "socket-closing")).Dispose();

        using var again = await Channels.FaultAsync(emu, channel["id"].Str(), "socket-closing");

        await again.ShouldBeErrorAsync(409, "conflict", "is already closing");
        (await socket.ReceiveAsync())!["topicName"].Str().ShouldBe("v2.system.socket_closing");
        (await socket.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong"); // one warning only
    }

    private static Task<TestEmulator> StartAsync(string plan, ManualTimeProvider? clock = null) =>
        TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock ?? new ManualTimeProvider();
            o.FaultPlan = FaultPlan.Parse(plan);
        });

    private static async Task<HttpStatusCode> HeadAsync(TestEmulator emu, string channelId)
    {
        using var response = await emu.SendAsync(HttpMethod.Head, "/api/v2/notifications/channels/" + channelId, token: await emu.TokenAsync());
        return response.StatusCode;
    }

    private static async Task<JsonObject> RuleAsync(TestEmulator emu) =>
        JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/faultplan"))!["rules"]![0]!.AsObject();
}
