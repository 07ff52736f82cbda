using System.Net;
using System.Net.WebSockets;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Notifications;

public sealed class ChannelLifecycleTests
{
    [Fact]
    public async Task The_21st_channel_evicts_the_least_recently_used_unconnected_channel_first()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var token = await emu.TokenAsync();
        var channels = new List<string>();
        string firstUri = "";
        for (var i = 0; i < 20; i++)
        {
            var created = await Channels.CreateAsync(emu, token);
            channels.Add(created["id"].Str());
            firstUri = i == 0 ? created["connectUri"].Str() : firstUri;
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        await using var connected = await NotificationSocket.ConnectAsync(firstUri); // channel 1 is the oldest but in use
        (await emu.GetAsync(Channels.SubscriptionsPath(channels[1]), token)).Dispose(); // channel 2 was used just now

        await Channels.CreateAsync(emu, token);

        (await HeadAsync(emu, channels[2], token)).ShouldBe(HttpStatusCode.NotFound);
        (await HeadAsync(emu, channels[0], token)).ShouldBe(HttpStatusCode.OK);
        (await HeadAsync(emu, channels[1], token)).ShouldBe(HttpStatusCode.OK);
        using var listing = await emu.GetAsync("/api/v2/notifications/channels?includechannels=oauthclient", token);
        (await listing.JsonObjectAsync())["entities"]!.AsArray().Count.ShouldBe(20);
    }

    [Fact]
    public async Task An_evicted_connected_channel_gets_no_longer_subscribed_and_its_socket_is_closed()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => (o.TimeProvider, o.Notifications.MaxChannelsPerClient) = (clock, 2));
        var first = await Channels.CreateAsync(emu);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Channels.CreateAsync(emu);
        await using var oldest = await NotificationSocket.ConnectAsync(first["connectUri"].Str());
        clock.Advance(TimeSpan.FromSeconds(1));
        await using var newer = await NotificationSocket.ConnectAsync(second["connectUri"].Str());

        await Channels.CreateAsync(emu);

        var notice = await oldest.ReceiveAsync();
        notice!["topicName"].Str().ShouldBe("v2.system.no_longer_subscribed." + first["id"].Str());
        notice["eventBody"]!["systemTopicType"].Str().ShouldBe("no_longer_subscribed");
        notice["eventBody"]!["channelId"].Str().ShouldBe(first["id"].Str());
        notice["eventBody"]!["oauthClientId"].Str().ShouldBe(emu.Host.DefaultClient.ClientId);
        (await oldest.ReceiveAsync()).ShouldBeNull();
        oldest.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        (await newer.PingAsync())["eventBody"]!["message"].Str().ShouldBe("pong");
        await Should.ThrowAsync<WebSocketException>(() => NotificationSocket.ConnectAsync(first["connectUri"].Str()));
    }

    [Fact]
    public async Task The_channel_limit_is_per_oauth_client()
    {
        var other = new EmulatorOAuthClient("other-client", "other-secret", ["*"]);
        await using var emu = await TestEmulator.StartAsync(o => { o.Clients.Add(other); o.Notifications.MaxChannelsPerClient = 1; });
        var mine = await Channels.CreateAsync(emu);

        await Channels.CreateAsync(emu, await emu.TokenAsync(other));

        (await HeadAsync(emu, mine["id"].Str(), await emu.TokenAsync())).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task At_expiry_the_socket_gets_socket_closing_and_a_close_and_the_channel_is_gone()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
            (o.TimeProvider, o.Notifications.ChannelLifetime, o.Notifications.HeartbeatInterval) = (clock, TimeSpan.FromSeconds(10), TimeSpan.Zero));
        var channel = await Channels.CreateAsync(emu);
        channel["expires"].Str().ShouldBe("2026-11-21T09:00:10.000Z");
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        clock.Advance(TimeSpan.FromSeconds(9));
        (await HeadAsync(emu, channel["id"].Str(), await emu.TokenAsync())).ShouldBe(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromSeconds(1));

        (await socket.ReceiveAsync())!["topicName"].Str().ShouldBe("v2.system.socket_closing");
        (await socket.ReceiveAsync()).ShouldBeNull();
        socket.Socket.CloseStatusDescription.ShouldBe("Channel expired");
        (await HeadAsync(emu, channel["id"].Str(), await emu.TokenAsync())).ShouldBe(HttpStatusCode.NotFound);
        var reconnect = await Should.ThrowAsync<WebSocketException>(() => NotificationSocket.ConnectAsync(channel["connectUri"].Str()));
        reconnect.Message.ShouldContain("404");
    }

    [Fact]
    public async Task The_admin_api_can_expire_a_channel_at_once()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);

        using var expire = await Channels.FaultAsync(emu, channel["id"].Str(), "expire");

        expire.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HeadAsync(emu, channel["id"].Str(), await emu.TokenAsync())).ShouldBe(HttpStatusCode.NotFound);
        (await Channels.AdminViewAsync(emu, channel["id"].Str())).ShouldBeNull();
    }

    [Fact]
    public async Task The_admin_view_lists_owner_topics_and_connection_state_but_no_token()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var channel = await Channels.CreateAsync(emu);
        await Channels.SubscribeAsync(emu, channel["id"].Str(), Channels.AttributesTopic(conversation.Id()));
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        var view = await Channels.AdminViewAsync(emu, channel["id"].Str());

        view!["clientId"].Str().ShouldBe(emu.Host.DefaultClient.ClientId);
        view["connected"]!.GetValue<bool>().ShouldBeTrue();
        view["connections"]!.GetValue<int>().ShouldBe(1);
        view["topics"]!.AsArray().Select(t => t.Str()).ShouldBe([Channels.AttributesTopic(conversation.Id())]);
        view.ToJsonString().ShouldNotContain("token", Case.Insensitive);
    }

    private static async Task<HttpStatusCode> HeadAsync(TestEmulator emu, string channelId, string token)
    {
        using var response = await emu.SendAsync(HttpMethod.Head, "/api/v2/notifications/channels/" + channelId, token: token);
        return response.StatusCode;
    }
}
