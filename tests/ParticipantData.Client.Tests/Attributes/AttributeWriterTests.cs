using System.Net;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Attributes;

public sealed class AttributeWriterTests
{
    private static readonly AttributeWriterOptions NoBackoff = new() { ConflictRetryBaseDelay = TimeSpan.Zero, ConflictRetryMaxDelay = TimeSpan.Zero };

    private static Dictionary<string, string> Attrs(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public async Task Writes_arriving_while_one_is_in_flight_are_coalesced_into_one_PATCH_last_writer_per_key_wins()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id));
        var gate = new GatedHandler(r => r.Method == HttpMethod.Patch);
        using var client = Emulated.ClientFor(host, handler: gate);
        var writer = new AttributeWriter(client);

        var first = writer.WriteAsync(conversation, customer, Attrs(("step", "0")));
        await gate.Arrived;
        var queued = Enumerable.Range(1, 9)
            .Select(i => writer.WriteAsync(conversation, customer, Attrs(("step", i.ToString()), ($"key{i}", "x"))))
            .ToList();
        gate.Open();
        var results = await Task.WhenAll(queued.Prepend(first));

        results.ShouldAllBe(r => r.Outcome == WriteOutcome.Applied);
        results[0].CoalescedWrites.ShouldBe(1);
        results.Skip(1).ShouldAllBe(r => r.CoalescedWrites == 9);
        gate.Matched.ShouldBe(2);
        var held = host.Conversations.Single().Participants.Single(p => p.Id == customer.Value).Attributes;
        held["step"].ShouldBe("9");
        Enumerable.Range(1, 9).ShouldAllBe(i => held.ContainsKey($"key{i}"));
    }

    [Fact]
    public async Task Writes_to_different_participants_do_not_wait_for_each_other()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var conversation = ConversationId.Parse(created.Id);
        var customer = created.Participants.Single(p => p.Purpose == "customer").Id;
        var gate = new GatedHandler(r => r.Method == HttpMethod.Patch && r.RequestUri!.AbsolutePath.Contains(customer, StringComparison.Ordinal));
        using var client = Emulated.ClientFor(host, handler: gate);
        var writer = new AttributeWriter(client);

        var blocked = writer.WriteAsync(conversation, ParticipantId.Parse(customer), Attrs(("a", "1")));
        await gate.Arrived;
        var ivr = ParticipantId.Parse(created.Participants.Single(p => p.Purpose == "ivr").Id);
        var other = await writer.WriteAsync(conversation, ivr, Attrs(("b", "2")));

        other.Outcome.ShouldBe(WriteOutcome.Applied);
        blocked.IsCompleted.ShouldBeFalse();
        gate.Open();
        (await blocked).Outcome.ShouldBe(WriteOutcome.Applied);
    }

    [Fact]
    public async Task Conflicts_are_retried_without_a_read_and_reported_as_absorbed()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var faults = FaultInjectingHandler.Statuses(HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict);
        using var client = Emulated.ClientFor(host, handler: faults);
        var writer = new AttributeWriter(client, NoBackoff);

        var result = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("loyalty_tier", "gold")));

        result.Outcome.ShouldBe(WriteOutcome.Applied);
        result.ConflictsAbsorbed.ShouldBe(3);
        result.Attempts.ShouldBe(4);
        faults.ApiRequests.ShouldBe(4);
        (await Emulated.JournalAsync(host)).ShouldNotContain(e => e.Method == "GET"); // no read before re-PATCH
    }

    [Fact]
    public async Task Throttling_inside_a_write_is_absorbed_and_counted()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var faults = new FaultInjectingHandler((r, n) => n == 1
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = r, Headers = { RetryAfter = new(TimeSpan.Zero) } }
            : null);
        using var client = Emulated.ClientFor(host, handler: faults);
        var writer = new AttributeWriter(client, NoBackoff);

        var result = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("k", "v")));

        result.Outcome.ShouldBe(WriteOutcome.Applied);
        result.ThrottlesAbsorbed.ShouldBe(1);
        result.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task A_server_error_streak_longer_than_the_http_retries_is_absorbed_within_the_deadline()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var faults = FaultInjectingHandler.Statuses(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 6).ToArray());
        using var client = Emulated.ClientFor(host, o => (o.MaxRetryAttempts, o.RetryBaseDelay) = (1, TimeSpan.Zero), handler: faults);
        var writer = new AttributeWriter(client, NoBackoff);

        var result = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("k", "v")));

        result.Outcome.ShouldBe(WriteOutcome.Applied);
        result.Attempts.ShouldBe(7);
        host.Conversations.Single().Participants[0].Attributes["k"].ShouldBe("v");
    }

    [Fact]
    public async Task A_client_error_is_not_retried_by_the_writer()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var faults = FaultInjectingHandler.Statuses(HttpStatusCode.Forbidden);
        using var client = Emulated.ClientFor(host, handler: faults);
        var writer = new AttributeWriter(client, NoBackoff);

        var result = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("k", "v")));

        result.Outcome.ShouldBe(WriteOutcome.Failed);
        result.FailureMessage!.ShouldContain("403");
        faults.ApiRequests.ShouldBe(1);
    }

    [Fact]
    public async Task Endless_conflicts_fail_at_the_deadline_with_the_reason_instead_of_blocking()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var faults = new FaultInjectingHandler((r, _) => new HttpResponseMessage(HttpStatusCode.Conflict) { RequestMessage = r });
        using var client = Emulated.ClientFor(host, time: time, handler: faults);
        var writer = new AttributeWriter(client, new AttributeWriterOptions { ConflictRetryBaseDelay = TimeSpan.FromMilliseconds(100), ConflictRetryMaxDelay = TimeSpan.FromMilliseconds(100) });

        var write = writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("k", "v")), new WriteOptions { Deadline = TimeSpan.FromSeconds(1) });
        // Each conflict leads to a backoff of 50-100 ms: let each elapse as soon as the writer waits on it.
        var result = await time.DriveAsync(write, TimeSpan.FromMilliseconds(100));
        result.Outcome.ShouldBe(WriteOutcome.Failed);
        result.FailureMessage!.ShouldContain("deadline");
        result.ConflictsAbsorbed.ShouldBeGreaterThan(5);
        result.Latency.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_expected_failure_is_a_result_with_the_platforms_reason_not_an_exception()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        await host.DisconnectConversationAsync(created.Id);
        using var client = Emulated.ClientFor(host);
        var writer = new AttributeWriter(client);

        var ended = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("k", "v")));
        var unknown = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(Guid.NewGuid().ToString()), Attrs(("k", "v")));

        ended.Outcome.ShouldBe(WriteOutcome.Failed);
        ended.FailureMessage!.ShouldContain("400");
        ended.FailureMessage!.ShouldContain("ended");
        unknown.Outcome.ShouldBe(WriteOutcome.Failed);
        unknown.FailureMessage!.ShouldContain("404");
    }

    [Fact]
    public async Task ReadBack_verifies_the_values_on_the_platform()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("message"));
        using var client = Emulated.ClientFor(host);
        var writer = new AttributeWriter(client);

        var result = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("loyalty_tier", "gold")), new WriteOptions { Verify = VerifyMode.ReadBack });

        result.Outcome.ShouldBe(WriteOutcome.Verified);
        (await Emulated.JournalAsync(host)).Select(e => e.Method).ShouldBe(["POST", "PATCH", "GET"]);
    }

    [Fact]
    public async Task Ensure_returns_once_applied_and_reapplies_a_value_written_back_over_it()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id));
        using var client = Emulated.ClientFor(host, time: time);
        using var flow = Emulated.ClientFor(host);
        var writer = new AttributeWriter(client, new AttributeWriterOptions { EnsurePollInterval = TimeSpan.FromSeconds(1) });

        var result = await writer.WriteAsync(conversation, customer, Attrs(("loyalty_tier", "gold")), new WriteOptions { Verify = VerifyMode.Ensure, EnsureFor = TimeSpan.FromSeconds(10) });
        result.Outcome.ShouldBe(WriteOutcome.Applied);
        result.Ensured.ShouldBeTrue();

        // A flow writes back the copy it read before our write.
        await flow.SetParticipantAttributesAsync(conversation, ParticipantSelector.ById(customer), Attrs(("loyalty_tier", "bronze")));
        await time.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => writer.EnsureStatistics.Reapplied == 1, "Ensure re-applied the value");
        await Eventually.HoldsAsync(() => Held(host, customer)["loyalty_tier"] == "gold", "the value is back");

        // After EnsureFor, Ensure lets go.
        await time.DriveAsync(Until(() => writer.EnsureStatistics.EnsuredKeys == 0), TimeSpan.FromSeconds(1));
        await flow.SetParticipantAttributesAsync(conversation, ParticipantSelector.ById(customer), Attrs(("loyalty_tier", "bronze")));
        time.Advance(TimeSpan.FromSeconds(5));
        writer.EnsureStatistics.Reapplied.ShouldBe(1);
        Held(host, customer)["loyalty_tier"].ShouldBe("bronze");
    }

    [Fact]
    public async Task A_later_write_replaces_what_Ensure_keeps()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id));
        using var client = Emulated.ClientFor(host, time: time);
        using var flow = Emulated.ClientFor(host);
        var writer = new AttributeWriter(client);

        await writer.WriteAsync(conversation, customer, Attrs(("loyalty_tier", "gold")), new WriteOptions { Verify = VerifyMode.Ensure });
        await writer.WriteAsync(conversation, customer, Attrs(("loyalty_tier", "silver")));
        await flow.SetParticipantAttributesAsync(conversation, ParticipantSelector.ById(customer), Attrs(("loyalty_tier", "bronze")));
        await time.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.HoldsAsync(() => writer.EnsureStatistics.Reapplied == 1, "Ensure re-applied");
        await Eventually.HoldsAsync(() => Held(host, customer)["loyalty_tier"] == "silver", "the newer value is what comes back");
    }

    [Fact]
    public async Task Ensure_stops_when_the_conversation_ends()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id));
        using var client = Emulated.ClientFor(host, time: time);
        var writer = new AttributeWriter(client);

        await writer.WriteAsync(conversation, customer, Attrs(("loyalty_tier", "gold")), new WriteOptions { Verify = VerifyMode.Ensure });
        writer.EnsureStatistics.EnsuredKeys.ShouldBe(1);
        await host.DisconnectConversationAsync(created.Id);
        await time.DriveAsync(Until(() => writer.EnsureStatistics.EnsuredKeys == 0), TimeSpan.FromSeconds(1));

        writer.EnsureStatistics.Reapplied.ShouldBe(0);
    }

    [Fact]
    public async Task A_write_the_budget_cannot_serve_before_its_deadline_fails_at_once_with_BudgetExhausted_and_sends_nothing()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        using var client = Emulated.ClientFor(host, o => o.RequestsPerMinute = 60, time: time);
        await using var writer = new AttributeWriter(client);
        // Other work of the same OAuth client has booked the budget for the next 20 s.
        var booked = Enumerable.Range(0, 26).Select(_ => client.RequestBudget!.Enqueue(ParticipantData.Client.Budget.RequestPriority.FirstWrite)).ToList();

        var result = await writer.WriteAsync(ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id), Attrs(("loyalty_tier", "gold")));

        result.Outcome.ShouldBe(WriteOutcome.Failed);
        result.FailureReason.ShouldBe(FailureReason.BudgetExhausted);
        result.FailureMessage!.ShouldContain("20 requests are queued");
        result.Latency.ShouldBe(TimeSpan.Zero); // at once, not at the deadline
        result.Attempts.ShouldBe(0);
        (await Emulated.JournalAsync(host)).ShouldBeEmpty();
        booked.ForEach(t => t.Cancel());
    }

    [Fact]
    public async Task While_a_lane_waits_for_a_budget_slot_everything_queued_for_it_goes_out_in_one_PATCH_and_reports_its_queue_time()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var (conversation, customer) = (ConversationId.Parse(created.Id), ParticipantId.Parse(created.Participants[0].Id));
        using var client = Emulated.ClientFor(host, o => o.RequestsPerMinute = 60, time: time);
        await using var writer = new AttributeWriter(client);
        var booked = Enumerable.Range(0, 7).Select(_ => client.RequestBudget!.Enqueue(ParticipantData.Client.Budget.RequestPriority.Update)).ToList();
        // The burst (6) is spent: the next slot is 1 s away, after one more booked request: 2 s for the writer.

        var writes = Enumerable.Range(1, 8)
            .Select(i => writer.WriteAsync(conversation, customer, Attrs(("step", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ($"writer_{i}", "x"))))
            .ToList();
        var results = await time.DriveAsync(Task.WhenAll(writes), TimeSpan.FromSeconds(1));

        results.ShouldAllBe(r => r.Outcome == WriteOutcome.Applied && r.CoalescedWrites == 8);
        results.ShouldAllBe(r => r.QueuedForBudget >= TimeSpan.FromSeconds(1));
        (await Emulated.JournalAsync(host)).Count(e => e.Method == "PATCH").ShouldBe(1);
        Held(host, customer)["step"].ShouldBe("8");
        booked.ForEach(t => t.Cancel());
    }

    private static IReadOnlyDictionary<string, string> Held(EmulatorHost host, ParticipantId participant) =>
        host.Conversations.SelectMany(c => c.Participants).Single(p => p.Id == participant.Value).Attributes;

    private static async Task<bool> Until(Func<bool> condition)
    {
        await Eventually.HoldsAsync(condition, "condition");
        return true;
    }
}
