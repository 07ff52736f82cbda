using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// Participant attributes have limits (EmulatorOptions.Limits), each over-limit write answered 400 naming the
/// limit, with nothing written. (Regression: a 10 MiB value, a 1 MiB key and 100,000 keys were all accepted.)
/// </summary>
public sealed class AttributeLimitTests
{
    private static void Small(EmulatorOptions o)
    {
        o.Limits.MaxAttributeKeyLength = 10;
        o.Limits.MaxAttributeValueLength = 20;
        o.Limits.MaxAttributesPerParticipant = 3;
        o.Limits.MaxAttributeBytesPerParticipant = 50;
    }

    [Theory]
    [InlineData("""{"attributes":{"kkkkkkkkkkk":"v"}}""", "MaxAttributeKeyLength", "11 characters long")]
    [InlineData("""{"attributes":{"k":"vvvvvvvvvvvvvvvvvvvvv"}}""", "MaxAttributeValueLength", "21 characters long")]
    [InlineData("""{"attributes":{"a":"1","b":"2","c":"3","d":"4"}}""", "MaxAttributesPerParticipant", "4 keys")]
    [InlineData("""{"attributes":{"":"v"}}""", "", "empty key")]
    public async Task A_write_past_a_limit_is_400_naming_it_and_writes_nothing(string body, string limit, string what)
    {
        await using var emu = await TestEmulator.StartAsync(Small);
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(Path(conversation), body);

        await response.ShouldBeErrorAsync(400, "invalid.value", limit, what);
        Customer(emu).Attributes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_write_at_every_limit_is_accepted()
    {
        await using var emu = await TestEmulator.StartAsync(Small);
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(Path(conversation), """{"attributes":{"kkkkkkkkkk":"vvvvvvvvvvvvvvvvvvvv","b":"2","c":"3"}}""");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        Customer(emu).Attributes.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Writes_that_together_pass_the_participants_key_limit_are_refused_at_the_one_that_would()
    {
        await using var emu = await TestEmulator.StartAsync(Small);
        var conversation = await emu.CreateConversationAsync();
        (await emu.PatchJsonAsync(Path(conversation), """{"attributes":{"a":"1","b":"2"}}""")).Dispose();

        using var tooMany = await emu.PatchJsonAsync(Path(conversation), """{"attributes":{"c":"3","d":"4"}}""");
        using var replacing = await emu.PatchJsonAsync(Path(conversation), """{"attributes":{"a":"10","b":"20","c":"30"}}""");

        await tooMany.ShouldBeErrorAsync(400, "invalid.value", "would hold 4 keys", "MaxAttributesPerParticipant", "Nothing was written");
        replacing.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        Customer(emu).Attributes.OrderBy(a => a.Key).Select(a => (a.Key, a.Value)).ShouldBe([("a", "10"), ("b", "20"), ("c", "30")]);
    }

    [Fact]
    public async Task The_byte_limit_counts_utf8_bytes_of_keys_and_values()
    {
        await using var emu = await TestEmulator.StartAsync(Small);
        var conversation = await emu.CreateConversationAsync();
        // 2 keys of 1 byte + 2 values of 12 × 2-byte characters = 50 bytes: exactly at the limit.
        (await emu.PatchJsonAsync(Path(conversation), """{"attributes":{"a":"éééééééééééé","b":"éééééééééééé"}}""")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        using var over = await emu.PatchJsonAsync(Path(conversation), """{"attributes":{"c":""}}""");

        await over.ShouldBeErrorAsync(400, "invalid.value", "51 bytes", "MaxAttributeBytesPerParticipant");
        Customer(emu).Attributes.Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_admin_api_holds_a_new_participant_to_the_same_limits()
    {
        await using var emu = await TestEmulator.StartAsync(Small);

        using var response = await emu.Http.PostAsync("/emulator/v1/conversations",
            TestEmulator.Json("""{"participants":[{"purpose":"customer","attributes":{"kkkkkkkkkkk":"v"}}]}"""));

        await response.ShouldBeErrorAsync(400, "invalid.value", "participants[0].attributes", "MaxAttributeKeyLength");
        emu.Host.Conversations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Conversations_past_the_limit_replace_the_oldest_ended_one_or_are_refused()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Limits.MaxConversations = 2);
        var first = await emu.CreateConversationAsync();
        await emu.CreateConversationAsync();
        await emu.Host.DisconnectConversationAsync(first.Id());

        await emu.CreateConversationAsync();
        using var refused = await emu.Http.PostAsync("/emulator/v1/conversations", null);

        emu.Host.Conversations.Count.ShouldBe(2);
        emu.Host.Conversations.ShouldNotContain(c => c.Id == first.Id());
        await refused.ShouldBeErrorAsync(400, "bad.request", "MaxConversations", "disconnect some");
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        var problem = Should.Throw<ArgumentOutOfRangeException>(() =>
            ParticipantData.Emulator.Hosting.EmulatorSettings.From(new EmulatorOptions { Limits = { MaxAttributeKeyLength = 0 } }));
        problem.Message.ShouldContain("EmulatorOptions.Limits.MaxAttributeKeyLength must be greater than 0");
    }

    private static string Path(System.Text.Json.Nodes.JsonObject conversation) =>
        $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";

    private static EmulatedParticipant Customer(TestEmulator emu) =>
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer");
}
