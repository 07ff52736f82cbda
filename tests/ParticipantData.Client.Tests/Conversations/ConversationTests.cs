using System.Net;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.Conversations;

public sealed class ConversationTests
{
    [Fact]
    public async Task Reads_a_voice_call_with_customer_ivr_and_acd_participants()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        using var client = Emulated.ClientFor(host);

        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));

        conversation.Id.Value.ShouldBe(created.Id);
        conversation.MediaType.ShouldBe(MediaType.Call);
        conversation.IsActive.ShouldBeTrue();
        conversation.Participants.Select(p => p.Purpose).ShouldBe(["customer", "ivr", "acd"], ignoreOrder: true);
        conversation.Participants.Select(p => p.Id.Value).ShouldBe(created.Participants.Select(p => p.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task Reads_a_web_messaging_conversation_whose_customer_is_of_type_webmessaging()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("message"));
        using var client = Emulated.ClientFor(host);

        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));

        conversation.MediaType.ShouldBe(MediaType.Message);
        var customer = ParticipantSelector.Customer.Select(conversation).ShouldNotBeNull();
        customer.MessageType.ShouldBe("webmessaging");
    }

    [Theory]
    [InlineData("email", MediaType.Email)]
    [InlineData("callback", MediaType.Callback)]
    public async Task Reads_email_and_callback_conversations(string mediaType, MediaType expected)
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation(mediaType));
        using var client = Emulated.ClientFor(host);

        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));

        conversation.MediaType.ShouldBe(expected);
        ParticipantSelector.Customer.Select(conversation).ShouldNotBeNull();
    }

    [Fact]
    public async Task An_ended_conversation_reads_as_not_active()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        await host.DisconnectConversationAsync(created.Id);
        using var client = Emulated.ClientFor(host);

        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));

        conversation.IsActive.ShouldBeFalse();
        conversation.EndTime.ShouldNotBeNull();
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404_not_found_with_a_hint()
    {
        await using var host = await Emulated.StartAsync();
        using var client = Emulated.ClientFor(host);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(ConversationId.Parse(Guid.NewGuid().ToString())));

        error.Status.ShouldBe(HttpStatusCode.NotFound);
        error.Code.ShouldBe("not.found");
        error.ContextId.ShouldNotBeNullOrEmpty();
        error.Hint!.ShouldContain("conversation and participant ids");
        error.Message.ShouldContain("GET /api/v2/conversations/{conversationId} failed: 404 not.found");
    }

    [Fact]
    public async Task A_client_without_the_view_permission_gets_403_naming_the_permission_to_add()
    {
        var restricted = new EmulatorOAuthClient("no-view", "no-view-secret", ["conversation:participant:attributesview"]);
        await using var host = await Emulated.StartAsync(o => o.Clients.Add(restricted));
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host, o => (o.ClientId, o.ClientSecret) = (restricted.ClientId, restricted.ClientSecret));

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(ConversationId.Parse(created.Id)));

        error.Status.ShouldBe(HttpStatusCode.Forbidden);
        error.Code.ShouldBe("missing.permissions");
        error.Hint!.ShouldContain("conversation:communication:view");
        error.Hint!.ShouldContain("role");
    }

    [Fact]
    public async Task Selecting_a_purpose_nobody_has_says_who_is_there()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("message"));
        using var client = Emulated.ClientFor(host);

        var error = await Should.ThrowAsync<ParticipantDataException>(
            () => client.GetParticipantAsync(ConversationId.Parse(created.Id), ParticipantSelector.ByPurpose("agent")));

        error.Message.ShouldContain("has no 'agent' participant");
        error.Message.ShouldContain("customer");
        error.Hint.ShouldNotBeNull();
    }

    [Fact]
    public void Ids_reject_text_that_is_not_a_uuid_with_a_readable_message()
    {
        var error = Should.Throw<ArgumentException>(() => ConversationId.Parse("guest"));
        error.Message.ShouldContain("'guest' is not a conversation id");
        ParticipantId.TryParse("../attributes", out _).ShouldBeFalse();
    }
}
