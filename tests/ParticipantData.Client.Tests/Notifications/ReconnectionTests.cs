using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.Notifications;

/// <summary>The parts of the platform that break naive listeners, against the emulator over real WebSockets, on a manual clock.</summary>
public sealed class ReconnectionTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(70);

    [Fact]
    public async Task Heartbeats_keep_a_quiet_socket_alive_well_past_the_dead_socket_timeout()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var clock = h.Clock!;
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();

        for (var i = 0; i < 6; i++)
        {
            await clock.WaitForTimersAsync(d => d.Contains(Heartbeat) && d.Contains(DeadAfter)); // server heartbeat armed, watchdog freshly reset
            clock.Advance(Heartbeat);
        }

        await clock.WaitForTimersAsync(d => d.Contains(DeadAfter));
        h.Notifications.Reconnects.ShouldBe(0);
        h.Notifications.State.ShouldBe(NotificationConnectionState.Connected);
        await h.WriteAsync(conversation, "customer", "after", "3 minutes");
        (await updates.NextUpdateAsync()).Attributes["after"].ShouldBe("3 minutes");
    }

    [Fact]
    public async Task A_socket_without_heartbeats_is_declared_dead_after_the_missed_heartbeats_and_replaced()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var clock = h.Clock!;
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        (await h.FaultAsync("stop-heartbeats")).Dispose();

        await clock.WaitForTimersAsync(d => d.Contains(DeadAfter));
        clock.Advance(DeadAfter - TimeSpan.FromSeconds(1));
        h.Notifications.State.ShouldBe(NotificationConnectionState.Connected);
        clock.Advance(TimeSpan.FromSeconds(1));
        var lost = await h.NextReconnectingAsync();
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1)); // the first backoff delay
        clock.Advance(TimeSpan.FromSeconds(1));
        var back = await h.NextReconnectedAsync();

        lost.Reason.ShouldBe("no heartbeat or event arrived for 70 s (the socket is dead)");
        back.Reconnects.ShouldBe(1);
        back.ChannelRecreated.ShouldBeFalse();
        await h.WriteAsync(conversation, "customer", "still", "delivered");
        (await updates.NextUpdateAsync()).Attributes["still"].ShouldBe("delivered");
    }

    [Fact]
    public async Task A_dropped_socket_is_reconnected_with_backoff_and_no_event_published_after_the_reconnect_is_lost()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var clock = h.Clock!;
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        await h.WriteAsync(conversation, "customer", "n", "1");
        (await updates.NextUpdateAsync()).Attributes["n"].ShouldBe("1");
        var channel = h.Notifications.ChannelId;

        (await h.FaultAsync("drop")).Dispose();
        var dropped = await h.NextReconnectingAsync();
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        h.Notifications.State.ShouldBe(NotificationConnectionState.Reconnecting); // it waits its backoff
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var back = await h.NextReconnectedAsync();
        for (var n = 2; n <= 6; n++)
        {
            await h.WriteAsync(conversation, "customer", "n", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        dropped.Reason!.ShouldStartWith("the connection dropped");
        back.Reconnects.ShouldBe(1);
        h.Notifications.ChannelId.ShouldBe(channel);
        for (var n = 2; n <= 6; n++)
        {
            (await updates.NextUpdateAsync()).Attributes["n"].ShouldBe(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_fault_plan_socket_drop_is_recovered_and_events_published_after_the_reconnect_are_delivered()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var clock = h.Clock!;
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        var channel = h.Notifications.ChannelId;
        // The second attribute event sent on the channel from now on drops the socket (and is lost with it).
        h.Host.FaultPlan = FaultPlan.Parse("""
            {"seed": 1, "rules": [{"route": "/channels/*", "topic": "v2.detail.events.conversation.*.attributes", "frames": [2], "action": {"type": "dropSocket"}}]}
            """);

        await h.WriteAsync(conversation, "customer", "n", "1");
        var beforeDrop = await updates.NextUpdateAsync();
        await h.WriteAsync(conversation, "customer", "n", "2");
        var dropped = await h.NextReconnectingAsync();
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1)); // the first backoff delay
        clock.Advance(TimeSpan.FromSeconds(1));
        var back = await h.NextReconnectedAsync();
        for (var n = 3; n <= 5; n++)
        {
            await h.WriteAsync(conversation, "customer", "n", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        beforeDrop.Attributes["n"].ShouldBe("1");
        dropped.Reason!.ShouldStartWith("the connection dropped");
        back.Reconnects.ShouldBe(1);
        back.ChannelId.ShouldBe(channel);
        back.ChannelRecreated.ShouldBeFalse();
        for (var n = 3; n <= 5; n++)
        {
            (await updates.NextUpdateAsync()).Attributes["n"].ShouldBe(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        h.Host.Statistics.InjectedFaults.ShouldBe(1);
    }

    [Fact]
    public async Task Failed_reconnect_attempts_back_off_doubling_up_to_the_maximum()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true, options: o => o.MaxReconnectDelay = TimeSpan.FromSeconds(4));
        var clock = h.Clock!;
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        // The streaming host refuses the next three handshakes (the emulator's fault plan acts on the connect too).
        h.Host.FaultPlan = FaultPlan.Parse("""{"rules":[{"route":"GET /channels/*","requests":[1,2,3],"action":{"type":"status","status":503}}]}""");

        (await h.FaultAsync("drop")).Dispose();
        await h.NextReconnectingAsync();
        var waits = new List<TimeSpan>();
        var failures = new List<string?>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var wait = await NextShortTimerAsync(clock);
            waits.Add(wait);
            clock.Advance(wait);
            if (attempt < 3)
            {
                failures.Add((await h.NextReconnectingAsync()).Reason);
            }
        }

        var back = await h.NextReconnectedAsync();
        await h.WriteAsync(conversation, "customer", "after", "backoff");

        waits.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)]);
        failures.ShouldAllBe(f => f!.Contains("(503)"));
        back.ChannelRecreated.ShouldBeFalse(); // HEAD said the channel still exists
        (await updates.NextUpdateAsync()).Attributes["after"].ShouldBe("backoff");
    }

    /// <summary>Waits until the reconnect delay is armed and returns it (the only timer of a few seconds; watchdog and budgets are longer).</summary>
    private static async Task<TimeSpan> NextShortTimerAsync(ParticipantData.Testing.ManualTimeProvider clock)
    {
        var found = TimeSpan.Zero;
        await clock.WaitForTimersAsync(dueIn =>
        {
            var shortOnes = dueIn.Where(d => d <= TimeSpan.FromSeconds(5)).ToList();
            found = shortOnes.Count > 0 ? shortOnes.Min() : TimeSpan.Zero;
            return shortOnes.Count > 0;
        });
        return found;
    }

    [Fact]
    public async Task Socket_closing_reconnects_at_once_to_the_same_channel()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        var channel = h.Notifications.ChannelId;

        (await h.FaultAsync("socket-closing")).Dispose();
        var closing = await h.NextReconnectingAsync();
        var back = await h.NextReconnectedAsync(); // no clock movement: no backoff
        await h.WriteAsync(conversation, "customer", "after", "socket_closing");

        closing.Reason.ShouldBe("the server announced it is closing the socket (v2.system.socket_closing)");
        back.ChannelId.ShouldBe(channel);
        back.ChannelRecreated.ShouldBeFalse();
        (await updates.NextUpdateAsync()).Attributes["after"].ShouldBe("socket_closing");
        (await h.ChannelViewAsync(channel!))!.Value.Connected.ShouldBeTrue();
    }

    [Fact]
    public async Task An_expired_channel_is_recreated_and_subscribed_again()
    {
        await using var h = await NotificationHarness.StartAsync(
            manualClock: true,
            emulator: o => (o.Notifications.ChannelLifetime, o.Notifications.HeartbeatInterval) = (TimeSpan.FromSeconds(60), TimeSpan.Zero));
        var clock = h.Clock!;
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        var old = h.Notifications.ChannelId!;

        clock.Advance(TimeSpan.FromSeconds(60));
        var back = await h.NextReconnectedAsync();
        await h.WriteAsync(conversation, "customer", "after", "expiry");

        back.ChannelRecreated.ShouldBeTrue();
        back.ChannelId.ShouldNotBe(old);
        h.Notifications.ChannelId.ShouldBe(back.ChannelId);
        (await h.ChannelViewAsync(old)).ShouldBeNull();
        (await h.ChannelViewAsync(back.ChannelId!))!.Value.Topics.ShouldBe(subscription.Topics);
        (await updates.NextUpdateAsync()).Attributes["after"].ShouldBe("expiry");
    }

    [Fact]
    public async Task A_channel_the_server_says_is_gone_on_reconnect_is_recreated()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        var old = h.Notifications.ChannelId!;

        (await h.FaultAsync("expire")).Dispose(); // server-side, before the client's idea of "expires": the reconnect meets 404
        var back = await h.NextReconnectedAsync();
        await h.WriteAsync(conversation, "customer", "after", "404");

        back.ChannelRecreated.ShouldBeTrue();
        back.ChannelId.ShouldNotBe(old);
        (await updates.NextUpdateAsync()).Attributes["after"].ShouldBe("404");
        var journal = await Emulated.JournalAsync(h.Host);
        journal.ShouldContain(e => e.Path == "/channels/" + old && e.Status == 404);
    }

    [Fact]
    public async Task An_evicted_channel_is_recreated_when_no_longer_subscribed_arrives()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true, emulator: o => o.Notifications.MaxChannelsPerClient = 1);
        var conversation = await h.Host.CreateConversationAsync();
        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        var old = h.Notifications.ChannelId!;

        using (var other = await h.CreateRawChannelAsync())
        {
            other.EnsureSuccessStatusCode(); // someone else with the same OAuth client takes the only channel slot
        }

        var lost = await h.NextReconnectingAsync();
        var back = await h.NextReconnectedAsync();
        await h.WriteAsync(conversation, "customer", "after", "eviction");

        lost.Reason.ShouldBe("the channel was taken away (no_longer_subscribed)");
        back.ChannelRecreated.ShouldBeTrue();
        back.ChannelId.ShouldNotBe(old);
        (await updates.NextUpdateAsync()).Attributes["after"].ShouldBe("eviction");
    }

    [Fact]
    public async Task A_subscription_added_while_reconnecting_waits_for_the_connection_and_then_receives()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var clock = h.Clock!;
        var a = await h.Host.CreateConversationAsync();
        var b = await h.Host.CreateConversationAsync();
        await using var first = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(a.Id));
        (await h.FaultAsync("drop")).Dispose();
        await h.NextReconnectingAsync();

        var pending = h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(b.Id));
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1));
        pending.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        await using var second = await pending.WaitAsync(NotificationHarness.Bound);
        await using var updates = second.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        await h.WriteAsync(b, "customer", "late", "joiner");

        (await updates.NextUpdateAsync()).Attributes["late"].ShouldBe("joiner");
    }
}
