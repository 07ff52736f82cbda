using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.Conversations;

/// <summary>Disconnecting a conversation, updating a participant and listing topics, through the client, against the emulator.</summary>
public sealed class ConversationControlTests
{
    [Theory]
    [InlineData("call", MediaType.Call)]
    [InlineData("message", MediaType.Message)]
    public async Task Disconnect_ends_the_conversation_through_its_media_route(string mediaType, MediaType media)
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation(mediaType));
        using var client = Emulated.ClientFor(host);

        var ended = await client.DisconnectConversationAsync(ConversationId.Parse(created.Id), media);

        ended.IsActive.ShouldBeFalse();
        ended.Participants.ShouldAllBe(p => p.State == "disconnected");
        host.Conversations.Single().Ended.ShouldBeTrue();
        (await Emulated.JournalAsync(host)).Last().ShouldBe(("PATCH", $"/api/v2/conversations/{media.ToString().ToLowerInvariant()}s/{created.Id}", 200));
    }

    [Fact]
    public async Task Disconnect_through_another_media_route_is_404_and_without_the_permission_403()
    {
        await using var host = await Emulated.StartAsync(o => o.Clients.Add(new EmulatorOAuthClient("viewer", "v", ["conversation:communication:view"])));
        var call = await host.CreateConversationAsync(new NewConversation("call"));
        using var client = Emulated.ClientFor(host);
        using var viewer = Emulated.ClientFor(host, o => (o.ClientId, o.ClientSecret) = ("viewer", "v"));

        var wrongMedia = await Should.ThrowAsync<GenesysApiException>(() => client.DisconnectConversationAsync(ConversationId.Parse(call.Id), MediaType.Message));
        var denied = await Should.ThrowAsync<GenesysApiException>(() => viewer.DisconnectConversationAsync(ConversationId.Parse(call.Id), MediaType.Call));

        wrongMedia.Status.ShouldBe(System.Net.HttpStatusCode.NotFound);
        wrongMedia.ErrorMessage!.ShouldContain("is a call conversation, not a message");
        denied.Status.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        denied.Code.ShouldBe("missing.permissions");
        denied.ErrorMessage!.ShouldContain("conversation:communication:disconnect");
        host.Conversations.Single().Ended.ShouldBeFalse();
    }

    [Fact]
    public async Task Update_participant_holds_and_disconnects_one_participant()
    {
        await using var host = await Emulated.StartAsync(o => o.Clients.Add(new EmulatorOAuthClient("wrapper", "w", ["conversation:participant:wrapup", "conversation:communication:view"])));
        var call = await host.CreateConversationAsync(new NewConversation("call", [new NewParticipant("customer"), new NewParticipant("agent")]));
        var id = ConversationId.Parse(call.Id);
        var agent = ParticipantId.Parse(call.Participants[1].Id);
        using var client = Emulated.ClientFor(host, o => (o.ClientId, o.ClientSecret) = ("wrapper", "w")); // one of the three permissions is enough

        await client.UpdateParticipantAsync(id, agent, new ParticipantUpdate(Held: true), MediaType.Call);
        var held = await client.GetConversationAsync(id, MediaType.Call);
        using var http = new HttpClient();
        using var admin = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseUri, $"/emulator/v1/conversations/{call.Id}")));
        await client.UpdateParticipantAsync(id, agent, ParticipantUpdate.Disconnect);
        var after = await client.GetConversationAsync(id);

        held.Participants.Single(p => p.Id == agent).State.ShouldBe("connected");
        admin.RootElement.GetProperty("participants")[1].GetProperty("calls")[0].GetProperty("held").GetBoolean().ShouldBeTrue();
        after.Participants.Single(p => p.Id == agent).State.ShouldBe("disconnected");
        after.Participants.Single(p => p.Purpose == "customer").State.ShouldBe("connected");
        after.IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task Update_participant_without_any_of_its_permissions_is_403_missing_any_permissions()
    {
        await using var host = await Emulated.StartAsync(o => o.Clients.Add(new EmulatorOAuthClient("viewer", "v", ["conversation:communication:view"])));
        var call = await host.CreateConversationAsync(new NewConversation("call"));
        using var viewer = Emulated.ClientFor(host, o => (o.ClientId, o.ClientSecret) = ("viewer", "v"));

        var denied = await Should.ThrowAsync<GenesysApiException>(() =>
            viewer.UpdateParticipantAsync(ConversationId.Parse(call.Id), ParticipantId.Parse(call.Participants[0].Id), ParticipantUpdate.Disconnect));

        denied.Code.ShouldBe("missing.any.permissions");
        denied.ErrorMessage!.ShouldContain("at least one of the following permissions assigned: conversation:participant:wrapup, conversation:call:record, conversation:communication:disconnect");
    }

    [Fact]
    public async Task Available_topics_list_the_media_suffixed_conversation_topics()
    {
        await using var host = await Emulated.StartAsync();
        using var client = Emulated.ClientFor(host);

        var topics = await client.GetAvailableTopicsAsync();

        topics.Select(t => t.Id).ShouldContain("v2.detail.events.conversation.{id}.attributes");
        topics.Select(t => t.Id).ShouldContain("v2.users.{id}.conversations.calls");
        topics.Select(t => t.Id).ShouldContain("v2.routing.queues.{id}.conversations.messages");
        topics.Single(t => t.Id == "v2.users.{id}.conversations.calls").RequiresPermissions.ShouldBe(["conversation:communication:view"]);
        topics.ShouldAllBe(t => !string.IsNullOrEmpty(t.Description));
    }

    [Theory]
    [InlineData("call", MediaType.Call)]
    [InlineData("message", MediaType.Message)]
    public async Task A_media_suffixed_queue_topic_carries_the_participants_attributes(string mediaType, MediaType media)
    {
        await using var host = await Emulated.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation(mediaType));
        using var client = Emulated.ClientFor(host);
        await using var notifications = new NotificationsClient(client);
        const string queueId = "6f2b1c3e-4d5a-4b7c-9e8f-0a1b2c3d4e5f"; // the emulator's one queue, on every acd participant
        var topic = NotificationTopics.QueueConversations(queueId, media);
        await using var subscription = await notifications.SubscribeAsync([topic]);

        await client.SetParticipantAttributesAsync(ConversationId.Parse(conversation.Id), ParticipantSelector.Customer, new Dictionary<string, string> { ["tier"] = "gold" });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var notification in subscription.ReadAllAsync(timeout.Token))
        {
            notification.TopicName.ShouldBe(topic);
            var customer = notification.Conversation!.Participants.Single(p => p.Purpose == "customer");
            customer.Attributes["tier"].ShouldBe("gold");
            customer.State.ShouldBe("connected");
            notification.Conversation.Participants.Single(p => p.Purpose == "acd").QueueId.ShouldBe(queueId);
            notification.EventBody.GetProperty("participants")[0].TryGetProperty(media == MediaType.Call ? "calls" : "messages", out _).ShouldBeFalse(); // media participants, not arrays
            break;
        }
    }
}
