using System.Net;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.Conversations;

public sealed class MediaApiTests
{
    [Theory]
    [InlineData("call", MediaType.Call)]
    [InlineData("message", MediaType.Message)]
    [InlineData("email", MediaType.Email)]
    [InlineData("callback", MediaType.Callback)]
    public async Task Each_media_api_reads_the_conversation_and_merges_attributes_returning_the_map(string kind, MediaType mediaType)
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation(kind, [new NewParticipant("customer", Attributes: new Dictionary<string, string> { ["held"] = "1" }), new NewParticipant("acd")]));
        var id = ConversationId.Parse(created.Id);
        var customer = ParticipantId.Parse(created.Participants[0].Id);
        using var client = Emulated.ClientFor(host);

        var answered = await client.SetParticipantAttributesAsync(id, customer, mediaType, new Dictionary<string, string> { ["loyalty_tier"] = "gold" });
        var conversation = await client.GetConversationAsync(id, mediaType);

        answered.ShouldBe(new Dictionary<string, string> { ["held"] = "1", ["loyalty_tier"] = "gold" }, ignoreOrder: true);
        conversation.MediaType.ShouldBe(mediaType);
        conversation.IsActive.ShouldBeTrue();
        var read = conversation.Participants.Single(p => p.Id == customer);
        read.Purpose.ShouldBe("customer");
        read.State.ShouldBe("connected");
        read.Attributes["loyalty_tier"].ShouldBe("gold");
        (await Emulated.JournalAsync(host)).Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal)).Select(e => e.Path)
            .ShouldAllBe(p => p.StartsWith($"/api/v2/conversations/{ConversationMapperSegment(mediaType)}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_media_read_needs_no_view_permission_where_the_generic_one_does()
    {
        var restricted = new EmulatorOAuthClient("bare", "bare-secret", []);
        await using var host = await Emulated.StartAsync(o => o.Clients.Add(restricted));
        var created = await host.CreateConversationAsync(new NewConversation("message"));
        using var client = Emulated.ClientFor(host, o => (o.ClientId, o.ClientSecret) = (restricted.ClientId, restricted.ClientSecret));

        (await client.GetConversationAsync(ConversationId.Parse(created.Id), MediaType.Message)).Participants.ShouldNotBeEmpty();
        (await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(ConversationId.Parse(created.Id)))).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Asking_a_media_api_for_a_conversation_of_another_media_is_a_404()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        using var client = Emulated.ClientFor(host);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(ConversationId.Parse(created.Id), MediaType.Message));

        error.Status.ShouldBe(HttpStatusCode.NotFound);
        error.Message.ShouldContain("GET /api/v2/conversations/messages/{conversationId} failed: 404");
    }

    private static string ConversationMapperSegment(MediaType mediaType) => ConversationMapper.Segment(mediaType);
}
