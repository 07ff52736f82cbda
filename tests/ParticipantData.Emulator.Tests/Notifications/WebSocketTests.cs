using System.Net;
using System.Net.WebSockets;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Notifications;

public sealed class WebSocketTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_heartbeat_frame_arrives_every_heartbeat_interval_and_not_before()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await clock.WaitForTimerDueWithinAsync(Heartbeat);

        clock.Advance(Heartbeat - TimeSpan.FromSeconds(1));
        (await socket.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong"); // nothing came before the reply
        clock.Advance(TimeSpan.FromSeconds(1));
        var first = await socket.ReceiveAsync();
        clock.Advance(Heartbeat);
        var second = await socket.ReceiveAsync();

        foreach (var frame in new[] { first!, second! })
        {
            frame["topicName"].Str().ShouldBe("channel.metadata");
            frame["version"].Str().ShouldBe("2");
            frame["eventBody"]!["message"].Str().ShouldBe("WebSocket Heartbeat");
            Guid.TryParse(frame["metadata"]!["CorrelationId"].Str(), out _).ShouldBeTrue(frame.ToJsonString());
        }
    }

    [Fact]
    public async Task The_heartbeat_interval_is_configurable()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => (o.TimeProvider, o.Notifications.HeartbeatInterval) = (clock, TimeSpan.FromSeconds(5)));
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(5));

        clock.Advance(TimeSpan.FromSeconds(5));

        (await socket.ReceiveAsync())!["eventBody"]!["message"].Str().ShouldBe("WebSocket Heartbeat");
    }

    [Fact]
    public async Task A_ping_gets_a_pong_on_channel_metadata()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        var reply = await socket.PingAsync();

        reply["topicName"].Str().ShouldBe("channel.metadata");
        reply["eventBody"]!["message"].Str().ShouldBe("pong");
        reply["metadata"]!["CorrelationId"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Connecting_to_an_unknown_channel_is_refused_with_404_before_the_handshake()
    {
        await using var emu = await TestEmulator.StartAsync();
        var uri = new UriBuilder(emu.Host.BaseUri) { Scheme = "ws", Path = "/channels/" + Guid.NewGuid() }.Uri;

        var refused = await Should.ThrowAsync<WebSocketException>(() => NotificationSocket.ConnectAsync(uri.ToString()));

        refused.Message.ShouldContain("404");
    }

    [Fact]
    public async Task A_plain_get_on_the_connect_uri_is_told_to_use_a_websocket()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);

        using var response = await emu.Http.GetAsync(new Uri(channel["connectUri"].Str().Replace("ws://", "http://", StringComparison.Ordinal)));

        await response.ShouldBeErrorAsync(400, "bad.request", "connect with a WebSocket client");
    }

    [Fact]
    public async Task Stopped_heartbeats_stop_arriving_and_resume_when_started_again()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var channel = await Channels.CreateAsync(emu);
        var id = channel["id"].Str();
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await clock.WaitForTimerDueWithinAsync(Heartbeat);

        using (var stop = await Channels.FaultAsync(emu, id, "stop-heartbeats"))
        {
            stop.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await stop.JsonObjectAsync())["heartbeatsStopped"]!.GetValue<bool>().ShouldBeTrue();
        }

        clock.Advance(Heartbeat * 3);
        (await socket.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong"); // no heartbeat was queued before it

        (await Channels.FaultAsync(emu, id, "start-heartbeats")).Dispose();
        clock.Advance(Heartbeat);
        (await socket.ReceiveAsync())!["eventBody"]!["message"].Str().ShouldBe("WebSocket Heartbeat");
    }

    [Fact]
    public async Task A_dropped_socket_ends_without_a_close_frame_and_the_channel_survives()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        var id = channel["id"].Str();
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await socket.PingAsync();

        using (var drop = await Channels.FaultAsync(emu, id, "drop"))
        {
            drop.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await Should.ThrowAsync<WebSocketException>(socket.ReceiveAsync);
        socket.Socket.CloseStatus.ShouldBeNull();
        await using var again = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        (await again.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong");
    }

    [Fact]
    public async Task Dropping_a_channel_without_a_socket_is_a_409_saying_so()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);

        using var response = await Channels.FaultAsync(emu, channel["id"].Str(), "drop");

        await response.ShouldBeErrorAsync(409, "conflict", "has no connected WebSocket to drop");
    }

    [Fact]
    public async Task Socket_closing_is_sent_first_and_the_server_closes_after_the_configured_delay()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => (o.TimeProvider, o.Notifications.SocketClosingDelay) = (clock, TimeSpan.FromSeconds(20)));
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await clock.WaitForTimerDueWithinAsync(Heartbeat);

        (await Channels.FaultAsync(emu, channel["id"].Str(), "socket-closing")).Dispose();
        var warning = await socket.ReceiveAsync();
        warning!["topicName"].Str().ShouldBe("v2.system.socket_closing");
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(20));
        clock.Advance(TimeSpan.FromSeconds(19));
        (await socket.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong"); // still open during the grace
        clock.Advance(TimeSpan.FromSeconds(1));

        (await socket.ReceiveAsync()).ShouldBeNull();
        socket.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
    }

    [Fact]
    public async Task A_second_socket_on_the_same_channel_takes_over_and_the_first_is_closed()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var channel = await Channels.CreateAsync(emu);
        await Channels.SubscribeAsync(emu, channel["id"].Str(), Channels.AttributesTopic(conversation.Id()));
        await using var first = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        await using var second = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        (await first.ReceiveAsync()).ShouldBeNull();
        first.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.PolicyViolation);
        (await emu.PatchJsonAsync($"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes",
            """{"attributes":{"tier":"gold"}}""")).Dispose();

        (await second.ReceiveEventAsync())["eventBody"]!["attributes"]!["tier"].Str().ShouldBe("gold");
    }

    [Fact]
    public async Task Stopping_the_emulator_sends_socket_closing_then_closes_going_away()
    {
        var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await socket.PingAsync();

        var stopping = emu.DisposeAsync().AsTask();
        var warning = await socket.ReceiveAsync();
        var closed = await socket.ReceiveAsync();
        await stopping.WaitAsync(NotificationSocket.Bound);

        warning!["topicName"].Str().ShouldBe("v2.system.socket_closing");
        closed.ShouldBeNull();
        socket.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
    }

    [Fact]
    public async Task The_websocket_connect_is_journaled_with_101()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        await socket.DisposeAsync();

        await Eventually.HoldsAsync(async () => (await emu.Http.GetStringAsync("/emulator/v1/requests?path=/channels/")).Contains("\"status\":101", StringComparison.Ordinal), "the journal holds the connect with 101");
    }
}
