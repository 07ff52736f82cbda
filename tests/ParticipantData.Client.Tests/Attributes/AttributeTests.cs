using System.Net;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.Attributes;

public sealed class AttributeTests
{
    [Theory]
    [InlineData("call")]
    [InlineData("message")]
    [InlineData("email")]
    [InlineData("callback")]
    public async Task Attributes_written_to_the_customer_read_back_on_every_media_type(string mediaType)
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation(mediaType));
        var id = ConversationId.Parse(created.Id);
        using var client = Emulated.ClientFor(host);

        var written = await client.SetParticipantAttributesAsync(id, ParticipantSelector.Customer, new Dictionary<string, string>
        {
            ["loyalty_tier"] = "gold",
            ["priority_tier"] = "platinum",
        });

        var attributes = await client.GetParticipantAttributesAsync(id, ParticipantSelector.ById(written));
        attributes["loyalty_tier"].ShouldBe("gold");
        attributes["priority_tier"].ShouldBe("platinum");
        written.Value.ShouldBe(created.Participants.Single(p => p.Purpose == "customer").Id);
    }

    [Fact]
    public async Task A_write_merges_keys_given_replace_keys_held_and_others_stay()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var id = ConversationId.Parse(created.Id);
        using var client = Emulated.ClientFor(host);

        await client.SetParticipantAttributesAsync(id, ParticipantSelector.Customer, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        await client.SetParticipantAttributesAsync(id, ParticipantSelector.Customer, new Dictionary<string, string> { ["b"] = "20", ["c"] = "" });

        var attributes = await client.GetParticipantAttributesAsync(id, ParticipantSelector.Customer);
        attributes.ShouldBe(new Dictionary<string, string> { ["a"] = "1", ["b"] = "20", ["c"] = "" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Writing_by_participant_id_costs_one_request_and_by_purpose_two()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var id = ConversationId.Parse(created.Id);
        var acd = ParticipantId.Parse(created.Participants.Single(p => p.Purpose == "acd").Id);
        using var client = Emulated.ClientFor(host);

        await client.SetParticipantAttributesAsync(id, ParticipantSelector.ById(acd), new Dictionary<string, string> { ["k"] = "v" });
        client.ApiRequestCount.ShouldBe(1);
        await client.SetParticipantAttributesAsync(id, ParticipantSelector.ByPurpose("ivr"), new Dictionary<string, string> { ["k"] = "v" });
        client.ApiRequestCount.ShouldBe(3);

        var journal = await Emulated.JournalAsync(host);
        journal.Where(e => e.Method == "PATCH").Select(e => e.Status).ShouldBe([202, 202]);
    }

    [Fact]
    public async Task Writing_to_an_ended_conversation_fails_with_the_platform_error_and_a_hint()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        await host.DisconnectConversationAsync(created.Id);
        var customer = ParticipantId.Parse(created.Participants.Single(p => p.Purpose == "customer").Id);
        using var client = Emulated.ClientFor(host);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.SetParticipantAttributesAsync(
            ConversationId.Parse(created.Id), ParticipantSelector.ById(customer), new Dictionary<string, string> { ["k"] = "v" }));

        error.Status.ShouldBe(HttpStatusCode.BadRequest);
        error.Hint!.ShouldContain("ended");
    }

    [Fact]
    public async Task Writing_to_an_unknown_participant_is_a_404()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        using var client = Emulated.ClientFor(host);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.SetParticipantAttributesAsync(
            ConversationId.Parse(created.Id), ParticipantSelector.ById(ParticipantId.Parse(Guid.NewGuid().ToString())), new Dictionary<string, string> { ["k"] = "v" }));

        error.Status.ShouldBe(HttpStatusCode.NotFound);
        error.Code.ShouldBe("not.found");
    }

    [Fact]
    public async Task Bad_attributes_are_refused_before_any_request_with_what_to_do()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host);
        var id = ConversationId.Parse(created.Id);

        (await Should.ThrowAsync<ArgumentException>(() => client.SetParticipantAttributesAsync(id, ParticipantSelector.Customer, new Dictionary<string, string>())))
            .Message.ShouldContain("No attributes to write");
        (await Should.ThrowAsync<ArgumentException>(() => client.SetParticipantAttributesAsync(id, ParticipantSelector.Customer, new Dictionary<string, string> { [" "] = "x" })))
            .Message.ShouldContain("key is empty");
        (await Should.ThrowAsync<ArgumentException>(() => client.SetParticipantAttributesAsync(id, ParticipantSelector.Customer, new Dictionary<string, string> { ["k"] = null! })))
            .Message.ShouldContain("values must be strings");
        client.ApiRequestCount.ShouldBe(0);
    }
}
