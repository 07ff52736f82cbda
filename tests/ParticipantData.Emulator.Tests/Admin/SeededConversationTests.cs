using System.Net;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Admin;

/// <summary>Conversations with ids of one's own (admin API, seeded conversations) and ids derived from the seed.</summary>
public sealed class SeededConversationTests
{
    private const string CallId = "0b1e7a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string CustomerId = "1c2f8b63-4d5e-4f60-9bac-1d2e3f4a5b6c";

    [Fact]
    public async Task The_admin_api_creates_a_conversation_with_the_ids_it_is_given()
    {
        await using var emu = await TestEmulator.StartAsync();

        var body = await emu.CreateConversationAsync($$"""{"id": "{{CallId}}", "participants": [{"purpose": "customer", "id": "{{CustomerId}}"}, {"purpose": "ivr"}]}""");
        using var read = await emu.GetAsync($"/api/v2/conversations/{CallId}", await emu.TokenAsync());

        body["id"].Str().ShouldBe(CallId);
        body["participants"]![0]!["id"].Str().ShouldBe(CustomerId);
        Guid.TryParseExact(body["participants"]![1]!["id"].Str(), "D", out _).ShouldBeTrue();
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_id_already_taken_is_409_and_an_id_that_is_not_a_uuid_400()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.CreateConversationAsync($$"""{"id": "{{CallId}}"}""");

        using var again = await emu.Http.PostAsync("/emulator/v1/conversations", TestEmulator.Json($$"""{"id": "{{CallId}}"}"""));
        using var notUuid = await emu.Http.PostAsync("/emulator/v1/conversations", TestEmulator.Json("""{"participants": [{"purpose": "customer", "id": "guest"}]}"""));

        await again.ShouldBeErrorAsync(409, "conflict", $"A conversation with id [{CallId}] already exists");
        await notUuid.ShouldBeErrorAsync(400, "invalid.value", "participants[0].id [guest] is not a UUID");
        emu.Host.Conversations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Seeded_conversations_can_be_configured_and_get_ids_from_the_seed()
    {
        static Task<TestEmulator> Start(int seed) => TestEmulator.StartAsync(o =>
        {
            o.SeedConversations = true;
            o.SeedIdsFromSeed = true;
            o.Seed = seed;
            o.SeededConversations.Add(new NewConversation("message", [new NewParticipant("customer", "Zoë", new Dictionary<string, string> { ["tier"] = "gold" })]));
            o.SeededConversations.Add(new NewConversation("call", Id: CallId));
        });

        await using var first = await Start(9);
        await using var second = await Start(9);

        first.Host.Conversations.Select(c => c.MediaType).ShouldBe(["message", "call"]);
        first.Host.Conversations[0].Participants.Single().Attributes["tier"].ShouldBe("gold");
        first.Host.Conversations[1].Id.ShouldBe(CallId); // a configured id wins over the seed
        second.Host.Conversations.SelectMany(c => c.Participants.Select(p => p.Id).Prepend(c.Id))
            .ShouldBe(first.Host.Conversations.SelectMany(c => c.Participants.Select(p => p.Id).Prepend(c.Id)));
    }

    [Fact]
    public async Task An_invalid_seeded_conversation_fails_the_start_saying_which()
    {
        var options = new EmulatorOptions { SeedConversations = true };
        options.SeededConversations.Add(new NewConversation("call"));
        options.SeededConversations.Add(new NewConversation("fax"));

        var error = await Should.ThrowAsync<ArgumentException>(() => EmulatorHost.StartAsync(options));

        error.Message.ShouldContain("Seeded conversation 2: Value [fax] is not valid for field type [mediaType]");
    }
}
