using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Notifications;

public sealed class PublicationTests
{
    [Fact]
    public async Task An_attribute_write_publishes_an_AttributeUpdateEvent_with_only_the_changed_keys_and_the_participant()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var conversation = await emu.CreateConversationAsync("""{"participants":[{"purpose":"customer","attributes":{"kept":"1"}},{"purpose":"acd"}]}""");
        var customer = conversation.ParticipantId("customer");
        await using var socket = await SubscribedSocketAsync(emu, Channels.AttributesTopic(conversation.Id()));

        (await emu.PatchJsonAsync(AttributesPath(conversation.Id(), customer), """{"attributes":{"tier":"gold","note":""}}""")).Dispose();

        var frame = await socket.ReceiveEventAsync();
        frame["topicName"].Str().ShouldBe(Channels.AttributesTopic(conversation.Id()));
        frame["version"].Str().ShouldBe("2");
        frame["metadata"]!["CorrelationId"].ShouldNotBeNull();
        var body = frame["eventBody"]!.AsObject();
        body["eventTime"]!.GetValue<long>().ShouldBe(clock.GetUtcNow().ToUnixTimeMilliseconds());
        body["conversationId"].Str().ShouldBe(conversation.Id());
        body["participantId"].Str().ShouldBe(customer);
        body["attributes"]!.AsObject().Select(a => (a.Key, a.Value.Str())).OrderBy(a => a.Key).ShouldBe([("note", ""), ("tier", "gold")]);
    }

    [Fact]
    public async Task Writes_from_every_route_and_writer_are_published_in_commit_order()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var ivr = conversation.ParticipantId("ivr");
        await using var socket = await SubscribedSocketAsync(emu, Channels.AttributesTopic(conversation.Id()));

        (await emu.PatchJsonAsync(AttributesPath(conversation.Id(), ivr), """{"attributes":{"step":"1"}}""")).Dispose();
        (await emu.PatchJsonAsync($"/api/v2/conversations/calls/{conversation.Id()}/participants/{ivr}/attributes", """{"attributes":{"step":"2"}}""")).Dispose();

        (await socket.ReceiveEventAsync())["eventBody"]!["attributes"]!["step"].Str().ShouldBe("1");
        var second = await socket.ReceiveEventAsync();
        second["eventBody"]!["attributes"]!["step"].Str().ShouldBe("2");
        second["eventBody"]!["participantId"].Str().ShouldBe(ivr);
    }

    [Fact]
    public async Task Other_conversations_are_not_published_to_the_topic()
    {
        await using var emu = await TestEmulator.StartAsync();
        var watched = await emu.CreateConversationAsync();
        var other = await emu.CreateConversationAsync();
        await using var socket = await SubscribedSocketAsync(emu, Channels.AttributesTopic(watched.Id()));

        (await emu.PatchJsonAsync(AttributesPath(other.Id(), other.ParticipantId("customer")), """{"attributes":{"x":"other"}}""")).Dispose();
        (await emu.PatchJsonAsync(AttributesPath(watched.Id(), watched.ParticipantId("customer")), """{"attributes":{"x":"watched"}}""")).Dispose();

        var frame = await socket.ReceiveEventAsync();
        frame["eventBody"]!["conversationId"].Str().ShouldBe(watched.Id());
        frame["eventBody"]!["attributes"]!["x"].Str().ShouldBe("watched");
    }

    [Fact]
    public async Task The_queue_topic_carries_the_conversation_with_participants_and_attributes_on_each_change()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var queueId = conversation.Participant("acd")["queueId"].Str();
        var customer = conversation.ParticipantId("customer");
        await using var socket = await SubscribedSocketAsync(emu, $"v2.routing.queues.{queueId}.conversations");

        (await emu.PatchJsonAsync(AttributesPath(conversation.Id(), customer), """{"attributes":{"tier":"gold"}}""")).Dispose();
        (await emu.Http.PostAsync($"/emulator/v1/conversations/{conversation.Id()}/disconnect", null)).Dispose();

        var written = await socket.ReceiveEventAsync();
        written["topicName"].Str().ShouldBe($"v2.routing.queues.{queueId}.conversations");
        var body = written["eventBody"]!.AsObject();
        body["id"].Str().ShouldBe(conversation.Id());
        body.ContainsKey("version").ShouldBeFalse();
        var participants = body["participants"]!.AsArray().Select(p => p!.AsObject()).ToList();
        participants.Select(p => p["purpose"].Str()).ShouldBe(["customer", "ivr", "acd"]);
        participants[0]["attributes"]!["tier"].Str().ShouldBe("gold");
        participants[2]["queueId"].Str().ShouldBe(queueId);
        participants[0]["calls"]![0]!["state"].Str().ShouldBe("connected");
        var ended = await socket.ReceiveEventAsync();
        ended["eventBody"]!["participants"]![0]!["calls"]![0]!["state"].Str().ShouldBe("disconnected");
        ended["eventBody"]!["participants"]![0]!["endTime"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_user_topic_of_an_agent_carries_the_conversation_snapshot()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync("""{"participants":[{"purpose":"customer"},{"purpose":"agent","name":"Ada"}]}""");
        var agent = conversation.Participant("agent");
        var userId = agent["userId"].Str();
        await using var socket = await SubscribedSocketAsync(emu, $"v2.users.{userId}.conversations");

        (await emu.PatchJsonAsync(AttributesPath(conversation.Id(), agent["id"].Str()), """{"attributes":{"wrap":"sale"}}""")).Dispose();

        var frame = await socket.ReceiveEventAsync();
        frame["topicName"].Str().ShouldBe($"v2.users.{userId}.conversations");
        var participant = frame["eventBody"]!["participants"]!.AsArray().Single(p => p!["purpose"].Str() == "agent")!;
        participant["userId"].Str().ShouldBe(userId);
        participant["name"].Str().ShouldBe("Ada");
        participant["attributes"]!["wrap"].Str().ShouldBe("sale");
    }

    [Fact]
    public async Task Events_published_while_no_socket_is_connected_are_not_kept_for_later()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var customer = conversation.ParticipantId("customer");
        var channel = await Channels.CreateAsync(emu);
        await Channels.SubscribeAsync(emu, channel["id"].Str(), Channels.AttributesTopic(conversation.Id()));

        (await emu.PatchJsonAsync(AttributesPath(conversation.Id(), customer), """{"attributes":{"when":"before"}}""")).Dispose();
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        (await emu.PatchJsonAsync(AttributesPath(conversation.Id(), customer), """{"attributes":{"when":"after"}}""")).Dispose();

        (await socket.ReceiveEventAsync())["eventBody"]!["attributes"]!["when"].Str().ShouldBe("after");
    }

    [Fact]
    public async Task Writes_of_the_simulated_flow_are_published_too_whoever_makes_the_change()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => (o.TimeProvider, o.Notifications.HeartbeatInterval) = (clock, TimeSpan.Zero));
        var call = await emu.Host.CreateConversationAsync(new NewConversation("call", Lifecycle: new LifecycleOptions { Jitter = 0 }));
        var customer = call.Participants.Single(p => p.Purpose == "customer").Id;
        await using var socket = await SubscribedSocketAsync(emu, Channels.AttributesTopic(call.Id));

        clock.Advance(TimeSpan.FromSeconds(3));

        var frame = await socket.ReceiveEventAsync();
        frame["eventBody"]!["participantId"].Str().ShouldBe(customer);
        frame["eventBody"]!["attributes"]!.AsObject().Select(a => a.Key).ShouldAllBe(k => k.StartsWith("ivr.", StringComparison.Ordinal));
    }

    private static string AttributesPath(string conversationId, string participantId) =>
        $"/api/v2/conversations/{conversationId}/participants/{participantId}/attributes";

    private static async Task<NotificationSocket> SubscribedSocketAsync(TestEmulator emu, string topic)
    {
        JsonObject channel = await Channels.CreateAsync(emu);
        await Channels.SubscribeAsync(emu, channel["id"].Str(), topic);
        return await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
    }
}
