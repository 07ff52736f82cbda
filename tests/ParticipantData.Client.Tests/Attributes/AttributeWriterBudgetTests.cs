using ParticipantData.Client.Budget;
using ParticipantData.Client.Tests.Notifications;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Attributes;

public sealed class AttributeWriterBudgetTests
{
    private static Dictionary<string, string> Attrs(string key, string value) => new(StringComparer.Ordinal) { [key] = value };

    [Fact]
    public async Task Lanes_are_served_in_turn_so_a_busy_conversation_does_not_starve_the_others()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var calls = new List<EmulatedConversation>();
        for (var i = 0; i < 3; i++)
        {
            calls.Add(await host.CreateConversationAsync(new NewConversation("call")));
        }

        using var client = Emulated.ClientFor(host, o => o.RequestsPerMinute = 60, time: time);
        await client.GetConversationAsync(ConversationId.Parse(calls[0].Id)); // the token, once
        await using var writer = new AttributeWriter(client);
        SpendTheBurst(client); // from here on one slot a second
        WriteTask Write(int call, string value) => new(call, writer.WriteAsync(ConversationId.Parse(calls[call].Id), Customer(calls[call]), Attrs("k", value)));

        // Conversation 0 is busy: many writes; 1 and 2 write once each, after it started.
        List<WriteTask> writes = [Write(0, "a1"), Write(0, "a2"), Write(1, "b1"), Write(0, "a3"), Write(2, "c1"), Write(0, "a4")];
        await Eventually.HoldsAsync(() => client.RequestBudget!.Queued == 4, "each conversation's lane holds one ticket, behind nobody but the booked request");
        for (var slot = 1; slot <= 3; slot++)
        {
            time.Advance(TimeSpan.FromSeconds(1)); // one slot more: one PATCH goes out
            await Eventually.HoldsAsync(() => host.Statistics.Count(202) == slot, $"PATCH {slot} was accepted");
        }

        var results = await Task.WhenAll(writes.Select(w => w.Result));
        results.ShouldAllBe(r => r.Outcome == WriteOutcome.Applied, string.Join("; ", results.Select(r => r.FailureMessage)));
        var patches = (await Emulated.JournalAsync(host)).Where(e => e.Method == "PATCH").Select(e => calls.FindIndex(c => e.Path.Contains(c.Id, StringComparison.Ordinal))).ToList();
        patches.ShouldBe([0, 1, 2]); // in turn, first come first served: conversation 0's four writes went out together
        results[0].CoalescedWrites.ShouldBe(4);
        Held(host, calls[0]).ShouldBe("a4");
    }

    [Fact]
    public async Task A_write_superseded_by_a_later_value_of_its_key_counts_as_applied_when_that_value_commits()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var call = await host.CreateConversationAsync(new NewConversation("call"));
        using var client = Emulated.ClientFor(host, o => o.RequestsPerMinute = 60, time: time);
        await client.GetConversationAsync(ConversationId.Parse(call.Id));
        await using var writer = new AttributeWriter(client);
        SpendTheBurst(client);

        var older = writer.WriteAsync(ConversationId.Parse(call.Id), Customer(call), Attrs("loyalty_tier", "silver"));
        var newer = writer.WriteAsync(ConversationId.Parse(call.Id), Customer(call), Attrs("loyalty_tier", "gold"));
        await Eventually.HoldsAsync(() => client.RequestBudget!.Queued == 2, "the lane waits for a slot");
        time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(older, newer);

        results.ShouldAllBe(r => r.Outcome == WriteOutcome.Applied && r.CoalescedWrites == 2);
        Held(host, call).ShouldBe("gold");
        (await Emulated.JournalAsync(host)).Count(e => e.Method == "PATCH").ShouldBe(1); // silver was never sent
    }

    [Fact]
    public async Task Without_a_listener_Ensure_polls_only_with_slots_no_write_is_waiting_for()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var call = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(call.Id), Customer(call));
        using var client = Emulated.ClientFor(host, o => o.RequestsPerMinute = 60, time: time);
        await using var writer = new AttributeWriter(client, new AttributeWriterOptions { EnsurePollInterval = TimeSpan.FromSeconds(1) });
        (await writer.WriteAsync(conversation, customer, Attrs("loyalty_tier", "gold"), new WriteOptions { Verify = VerifyMode.Ensure })).Ensured.ShouldBeTrue();

        // Writes keep the budget busy: the poll's read waits behind every one of them.
        var booked = Enumerable.Range(0, 8).Select(_ => client.RequestBudget!.Enqueue(RequestPriority.Update)).ToList();
        await time.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1)); // the poll is due, but every slot goes to a write first
        var writesLeft = booked.Count(t => !t.IsGranted);
        writesLeft.ShouldBeGreaterThan(0);
        writer.EnsureStatistics.Reads.ShouldBe(0);
        await time.DriveAsync(Until(() => booked.All(t => t.IsGranted) && writer.EnsureStatistics.Reads >= 1), TimeSpan.FromSeconds(1));
        client.RequestBudget!.Grants.ShouldBeGreaterThanOrEqualTo(booked.Count + 3); // token, PATCH, the writes, then the read
    }

    [Fact]
    public async Task After_a_reconnect_gap_Ensure_reads_once_and_reapplies_what_was_overwritten_while_it_could_not_hear()
    {
        await using var h = await NotificationHarness.StartAsync(manualClock: true);
        var call = await h.Host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(call.Id), Customer(call));
        await using var writer = new AttributeWriter(h.Client, new AttributeWriterOptions { EnsurePollInterval = TimeSpan.FromHours(1) }, h.Notifications);
        await writer.WriteAsync(conversation, customer, Attrs("loyalty_tier", "gold"), new WriteOptions { Verify = VerifyMode.Ensure, EnsureFor = TimeSpan.FromHours(2) });
        await Eventually.HoldsAsync(() => writer.IsListening(conversation, customer), "Ensure listens");
        var reads = writer.EnsureStatistics.Reads;

        (await h.FaultAsync("drop")).Dispose();
        await h.NextReconnectingAsync();
        await h.WriteAsync(call, "customer", "loyalty_tier", "bronze"); // published while the socket is down: lost
        await h.Clock!.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.NextReconnectedAsync();

        await Eventually.HoldsAsync(() => writer.EnsureStatistics.Reapplied == 1, () => $"re-applied after the gap ({writer.EnsureStatistics})");
        await Eventually.HoldsAsync(() => Held(h.Host, call) == "gold", "gold is back");
        writer.EnsureStatistics.Reads.ShouldBe(reads + 1); // one safety read for the gap
    }

    [Fact]
    public async Task Disposing_the_writer_stops_Ensure()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var call = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(call.Id), Customer(call));
        using var client = Emulated.ClientFor(host, time: time);
        using var flow = Emulated.ClientFor(host);
        var writer = new AttributeWriter(client, new AttributeWriterOptions { EnsurePollInterval = TimeSpan.FromSeconds(1) });
        await writer.WriteAsync(conversation, customer, Attrs("loyalty_tier", "gold"), new WriteOptions { Verify = VerifyMode.Ensure });

        await writer.DisposeAsync();
        await flow.SetParticipantAttributesAsync(conversation, ParticipantSelector.ById(customer), Attrs("loyalty_tier", "bronze"));
        time.Advance(TimeSpan.FromSeconds(5));

        writer.EnsureStatistics.Reads.ShouldBe(0);
        writer.EnsureStatistics.EnsuredKeys.ShouldBe(0);
        Held(host, call).ShouldBe("bronze");
        await Should.ThrowAsync<ObjectDisposedException>(() => writer.WriteAsync(conversation, customer, Attrs("k", "v")));
    }

    /// <summary>Takes every slot the budget has in hand, so that the next one comes with the pace.</summary>
    private static void SpendTheBurst(ParticipantDataClient client)
    {
        while (client.RequestBudget!.Enqueue(RequestPriority.Update) is { IsGranted: true })
        {
        }

        client.RequestBudget.Queued.ShouldBe(1);
        client.RequestBudget.EstimateWait(RequestPriority.FirstWrite).ShouldBe(TimeSpan.FromSeconds(1)); // the booked one waits behind first writes
    }

    private static ParticipantId Customer(EmulatedConversation call) => ParticipantId.Parse(call.Participants.Single(p => p.Purpose == "customer").Id);

    /// <summary>The customer's loyalty_tier, or k in the tests that write k.</summary>
    private static string? Held(EmulatorHost host, EmulatedConversation call)
    {
        var attributes = host.Conversations.Single(c => c.Id == call.Id).Participants.Single(p => p.Purpose == "customer").Attributes;
        return attributes.TryGetValue("loyalty_tier", out var tier) ? tier : attributes.TryGetValue("k", out var k) ? k : null;
    }

    private static async Task<bool> Until(Func<bool> condition)
    {
        await Eventually.HoldsAsync(condition, "condition");
        return true;
    }

    private sealed record WriteTask(int Call, Task<WriteResult> Result);
}
