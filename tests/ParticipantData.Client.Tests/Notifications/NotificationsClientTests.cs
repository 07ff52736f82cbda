using System.Text.Json;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Notifications;

public sealed class NotificationsClientTests
{
    [Fact]
    public async Task Subscribing_to_a_conversations_attributes_delivers_typed_updates_of_every_write()
    {
        await using var h = await NotificationHarness.StartAsync();
        var conversation = await h.Host.CreateConversationAsync();
        var id = ConversationId.Parse(conversation.Id);

        await using var subscription = await h.Notifications.SubscribeToAttributesAsync(id);
        await using var updates = subscription.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        await h.WriteAsync(conversation, "customer", "tier", "gold");
        await h.WriteAsync(conversation, "ivr", "menu", "billing");

        var first = await updates.NextUpdateAsync();
        first.ConversationId.ShouldBe(id);
        first.ParticipantId.Value.ShouldBe(conversation.Participants.Single(p => p.Purpose == "customer").Id);
        first.Attributes.ShouldBe(new Dictionary<string, string> { ["tier"] = "gold" });
        first.EventTime.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var second = await updates.NextUpdateAsync();
        second.ParticipantId.Value.ShouldBe(conversation.Participants.Single(p => p.Purpose == "ivr").Id);
        second.Attributes["menu"].ShouldBe("billing");
        subscription.Topics.ShouldBe([$"v2.detail.events.conversation.{conversation.Id}.attributes"]);
        h.Notifications.State.ShouldBe(NotificationConnectionState.Connected);
    }

    [Fact]
    public async Task The_raw_event_keeps_topic_version_body_and_correlation_id()
    {
        await using var h = await NotificationHarness.StartAsync();
        var conversation = await h.Host.CreateConversationAsync();

        await using var subscription = await h.Notifications.SubscribeAsync([NotificationTopics.ConversationAttributes(ConversationId.Parse(conversation.Id))]);
        await using var events = subscription.ReadAllAsync().GetAsyncEnumerator();
        await h.WriteAsync(conversation, "customer", "k", "v");

        var received = await events.NextAsync();
        received.TopicName.ShouldBe(subscription.Topics[0]);
        received.Version.ShouldBe("2");
        Guid.TryParse(received.CorrelationId, out _).ShouldBeTrue();
        received.EventBody.GetProperty("attributes").GetProperty("k").GetString().ShouldBe("v");
        received.AttributeUpdate.ShouldNotBeNull();
        received.Conversation.ShouldBeNull();
    }

    [Fact]
    public async Task Subscriptions_share_one_channel_and_each_gets_only_its_own_topics()
    {
        await using var h = await NotificationHarness.StartAsync();
        var a = await h.Host.CreateConversationAsync();
        var b = await h.Host.CreateConversationAsync();

        await using var onA = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(a.Id));
        var channel = h.Notifications.ChannelId;
        await using var onB = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(b.Id));
        await using var readA = onA.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        await using var readB = onB.ReadAttributeUpdatesAsync().GetAsyncEnumerator();
        await h.WriteAsync(b, "customer", "who", "b");
        await h.WriteAsync(a, "customer", "who", "a");

        (await readA.NextUpdateAsync()).Attributes["who"].ShouldBe("a");
        (await readB.NextUpdateAsync()).Attributes["who"].ShouldBe("b");
        h.Notifications.ChannelId.ShouldBe(channel);
        (await h.ChannelViewAsync(channel!))!.Value.Topics.Count.ShouldBe(2);
        (await Emulated.JournalAsync(h.Host)).Count(e => e.Method == "POST" && e.Path == "/api/v2/notifications/channels").ShouldBe(1);
    }

    [Fact]
    public async Task Disposing_a_subscription_takes_its_topics_off_the_channel_and_ends_its_reader()
    {
        await using var h = await NotificationHarness.StartAsync();
        var a = await h.Host.CreateConversationAsync();
        var b = await h.Host.CreateConversationAsync();
        await using var kept = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(a.Id));
        var dropped = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(b.Id));
        var reader = dropped.ReadAllAsync().GetAsyncEnumerator();

        await dropped.DisposeAsync();

        (await reader.MoveNextAsync().AsTask().WaitAsync(NotificationHarness.Bound)).ShouldBeFalse();
        (await h.ChannelViewAsync(h.Notifications.ChannelId!))!.Value.Topics.ShouldBe([NotificationTopics.ConversationAttributes(ConversationId.Parse(a.Id))]);
        await reader.DisposeAsync();
    }

    [Fact]
    public async Task Queue_topic_events_carry_the_conversation_with_participants_and_attributes()
    {
        await using var h = await NotificationHarness.StartAsync();
        var conversation = await h.Host.CreateConversationAsync();
        using var json = JsonDocument.Parse(await h.Admin.GetStringAsync("/emulator/v1/conversations/" + conversation.Id));
        var queueId = json.RootElement.GetProperty("participants").EnumerateArray()
            .Single(p => p.GetProperty("purpose").GetString() == "acd").GetProperty("queueId").GetString()!;

        await using var subscription = await h.Notifications.SubscribeAsync([NotificationTopics.QueueConversations(queueId)]);
        await using var events = subscription.ReadAllAsync().GetAsyncEnumerator();
        await h.WriteAsync(conversation, "customer", "tier", "gold");

        var snapshot = (await events.NextAsync()).Conversation!;
        snapshot.Id.Value.ShouldBe(conversation.Id);
        snapshot.Participants.Select(p => p.Purpose).ShouldBe(["customer", "ivr", "acd"]);
        snapshot.Participants[0].Attributes["tier"].ShouldBe("gold");
        snapshot.Participants[0].State.ShouldBe("connected");
        snapshot.Participants[2].QueueId.ShouldBe(queueId);
    }

    [Fact]
    public async Task More_topics_than_a_channel_holds_are_refused_before_any_request()
    {
        await using var h = await NotificationHarness.StartAsync();
        var topics = Enumerable.Range(0, 1001).Select(_ => NotificationTopics.ConversationAttributes(ConversationId.Parse(Guid.NewGuid().ToString()))).ToList();

        var refused = await Should.ThrowAsync<ArgumentException>(() => h.Notifications.SubscribeAsync(topics));

        refused.Message.ShouldContain("1001 topics");
        refused.Message.ShouldContain("at most 1000 topics");
        (await Emulated.JournalAsync(h.Host)).ShouldNotContain(e => e.Path.StartsWith("/api/v2/notifications", StringComparison.Ordinal));
        h.Notifications.State.ShouldBe(NotificationConnectionState.Idle);
    }

    [Fact]
    public async Task The_topic_limit_counts_every_subscription_on_the_channel()
    {
        await using var h = await NotificationHarness.StartAsync(options: o => o.MaxTopicsPerChannel = 3);
        string NewTopic() => NotificationTopics.ConversationAttributes(ConversationId.Parse(Guid.NewGuid().ToString()));
        var shared = NewTopic();
        await using var first = await h.Notifications.SubscribeAsync([shared, NewTopic()]);

        await using var overlapping = await h.Notifications.SubscribeAsync([shared, NewTopic()]); // 3 distinct
        var refused = await Should.ThrowAsync<ArgumentException>(() => h.Notifications.SubscribeAsync([NewTopic()]));

        refused.Message.ShouldContain("4 topics");
        (await h.ChannelViewAsync(h.Notifications.ChannelId!))!.Value.Topics.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(new string[0], "No topics")]
    [InlineData(new[] { " " }, "A topic is empty")]
    public async Task Missing_topics_are_refused_with_an_ArgumentException(string[] topics, string message)
    {
        await using var h = await NotificationHarness.StartAsync();

        (await Should.ThrowAsync<ArgumentException>(() => h.Notifications.SubscribeAsync(topics))).Message.ShouldContain(message);
    }

    [Fact]
    public async Task A_topic_the_platform_refuses_surfaces_as_its_error_and_leaves_nothing_subscribed()
    {
        await using var h = await NotificationHarness.StartAsync();

        var refused = await Should.ThrowAsync<GenesysApiException>(() => h.Notifications.SubscribeAsync(["v2.users.me.presence"]));

        ((int)refused.Status).ShouldBe(400);
        refused.ErrorMessage!.ShouldContain("[v2.users.me.presence]");
        refused.ContextId.ShouldNotBeNull();
        h.Notifications.State.ShouldBe(NotificationConnectionState.Idle);
        var conversation = await h.Host.CreateConversationAsync();
        await using var working = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        (await h.ChannelViewAsync(h.Notifications.ChannelId!))!.Value.Topics.ShouldBe(working.Topics);
    }

    [Fact]
    public async Task A_missing_topic_permission_is_a_403_with_the_permission_named()
    {
        var limited = new EmulatorOAuthClient("limited", "limited-secret", ["conversation:communication:view"]);
        await using var host = await Emulated.StartAsync(o => { o.Clients.Clear(); o.Clients.Add(limited); });
        using var client = Emulated.ClientFor(host);
        await using var notifications = new NotificationsClient(client);

        var refused = await Should.ThrowAsync<GenesysApiException>(() =>
            notifications.SubscribeToAttributesAsync(ConversationId.Parse(Guid.NewGuid().ToString())));

        ((int)refused.Status).ShouldBe(403);
        refused.ErrorMessage!.ShouldContain("analytics:conversationDetail:view");
        refused.Hint.ShouldNotBeNull();
        refused.ToString().ShouldNotContain(limited.ClientSecret);
    }

    [Fact]
    public async Task Disposing_the_client_closes_the_socket_and_ends_every_reader()
    {
        var h = await NotificationHarness.StartAsync();
        var conversation = await h.Host.CreateConversationAsync();
        var subscription = await h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id));
        var channel = h.Notifications.ChannelId!;
        var reader = subscription.ReadAllAsync().GetAsyncEnumerator();

        await h.Notifications.DisposeAsync();

        (await reader.MoveNextAsync().AsTask().WaitAsync(NotificationHarness.Bound)).ShouldBeFalse();
        h.Notifications.State.ShouldBe(NotificationConnectionState.Closed);
        await Eventually.HoldsAsync(() => h.ChannelViewAsync(channel).Result is { Connected: false }, "the emulator saw the socket close");
        await Should.ThrowAsync<ObjectDisposedException>(() => h.Notifications.SubscribeToAttributesAsync(ConversationId.Parse(conversation.Id)));
        await reader.DisposeAsync();
        await h.DisposeAsync();
    }

    [Fact]
    public void Topic_builders_use_canonical_ids_and_refuse_non_uuids()
    {
        var id = Guid.NewGuid().ToString("D");

        NotificationTopics.ConversationAttributes(ConversationId.Parse(id.ToUpperInvariant())).ShouldBe($"v2.detail.events.conversation.{id}.attributes");
        NotificationTopics.QueueConversations(id.ToUpperInvariant()).ShouldBe($"v2.routing.queues.{id}.conversations");
        NotificationTopics.UserConversations(id).ShouldBe($"v2.users.{id}.conversations");
        Should.Throw<ArgumentException>(() => NotificationTopics.UserConversations("me")).Message.ShouldContain("'me' is not a user id");
    }

    [Fact]
    public void Options_are_validated_and_the_dead_socket_timeout_is_two_intervals_plus_grace()
    {
        new NotificationsClientOptions().DeadSocketTimeout.ShouldBe(TimeSpan.FromSeconds(70));
        using var client = new ParticipantDataClient(new ParticipantDataClientOptions { ApiUrl = new Uri("http://127.0.0.1:1"), ClientId = "id", ClientSecret = "secret" });

        Should.Throw<ArgumentOutOfRangeException>(() => new NotificationsClient(client, new NotificationsClientOptions { MissedHeartbeats = 0 }));
        Should.Throw<ArgumentOutOfRangeException>(() => new NotificationsClient(client, new NotificationsClientOptions { MaxReconnectDelay = TimeSpan.FromMilliseconds(1) }));
        Should.Throw<ArgumentOutOfRangeException>(() => new NotificationsClient(client, new NotificationsClientOptions { HeartbeatInterval = TimeSpan.Zero }));
    }
}
