using System.Net;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Conversations;

public sealed class ConversationStoreTests
{
    private static readonly Dictionary<string, string> OneAttribute = new() { ["k"] = "v" };

    [Fact]
    public void Every_write_bumps_the_version_and_raises_changed_after_commit()
    {
        var store = new ConversationStore(new ManualTimeProvider());
        var changes = new List<ConversationChangedEventArgs>();
        store.Changed += (_, change) => changes.Add(change);

        var created = store.Create(new NewConversation("message"));
        var customer = created.Participants[0].Id;
        var written = store.WriteAttributes(new AttributeWrite(created.Id, customer, null, OneAttribute, AllowEnded: false));
        var ended = store.Disconnect(created.Id)!;

        created.Version.ShouldBe(1);
        written.Conversation!.Version.ShouldBe(2);
        ended.Version.ShouldBe(3);
        changes.Select(c => (c.Kind, c.Conversation.Version)).ShouldBe(
        [
            (ConversationChangeKind.Created, 1L),
            (ConversationChangeKind.AttributesChanged, 2L),
            (ConversationChangeKind.Disconnected, 3L),
        ]);
        changes[1].ParticipantId.ShouldBe(customer);
        changes[1].ChangedAttributes!["k"].ShouldBe("v");
        store.Find(created.Id)!.Version.ShouldBe(3);
    }

    [Fact]
    public void A_write_with_a_stale_expected_version_is_a_conflict_and_changes_nothing()
    {
        var store = new ConversationStore(new ManualTimeProvider());
        var created = store.Create(new NewConversation());
        var customer = created.Participants[0].Id;
        store.WriteAttributes(new AttributeWrite(created.Id, customer, null, OneAttribute, false));

        var stale = store.WriteAttributes(new AttributeWrite(created.Id, customer, null, new Dictionary<string, string> { ["k"] = "other" }, false, ExpectedVersion: 1));
        var current = store.WriteAttributes(new AttributeWrite(created.Id, customer, null, new Dictionary<string, string> { ["k"] = "new" }, false, ExpectedVersion: 2));

        stale.Status.ShouldBe(AttributeWriteStatus.VersionConflict);
        current.Status.ShouldBe(AttributeWriteStatus.Written);
        current.Participant!.Attributes["k"].ShouldBe("new");
    }

    [Fact]
    public void Snapshots_handed_out_do_not_change_when_the_conversation_does()
    {
        var store = new ConversationStore(new ManualTimeProvider());
        var created = store.Create(new NewConversation());

        store.WriteAttributes(new AttributeWrite(created.Id, created.Participants[0].Id, null, OneAttribute, false));
        store.Disconnect(created.Id);

        created.Participants[0].Attributes.ShouldBeEmpty();
        created.Ended.ShouldBeFalse();
    }

    [Fact]
    public async Task Parallel_patches_over_http_lose_no_write()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RequestsPerMinute = 0);
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var path = $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes";

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            emu.PatchJsonAsync(path, $$$"""{"attributes":{"key{{{i}}}":"value{{{i}}}"}}""", token)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        var attributes = emu.Host.Conversations.Single().Participants[0].Attributes;
        attributes.Count.ShouldBe(40);
        emu.Host.Services.Conversations.Find(conversation.Id())!.Version.ShouldBe(41);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
