using ParticipantData.Relay.Store;
using ParticipantData.Testing;

namespace ParticipantData.Relay.Tests.Store;

/// <summary>
/// What every <see cref="IRelayStore"/> must do. A second implementation (PostgreSQL) derives from this class
/// and gives <see cref="OpenAsync"/>; the tests are the same.
/// </summary>
public abstract class RelayStoreContract
{
    protected ManualTimeProvider Time { get; } = new();

    /// <summary>Opens the store under test, migrated; <paramref name="name"/> names one store (opening it again reopens the same data).</summary>
    protected abstract Task<IRelayStore> OpenAsync(string name);

    protected NewWrite Write(string conversation = "3fa85f64-5717-4562-b3fc-2c963f66afa6", string value = "gold", string? key = null, string hash = "h1") => new()
    {
        Id = WriteId.New(Time),
        Kind = WriteKind.Attributes,
        ConversationId = conversation,
        ParticipantId = "5fa85f64-5717-4562-b3fc-2c963f66afa7",
        Attributes = new Dictionary<string, string> { ["loyalty_tier"] = value },
        IdempotencyKey = key,
        RequestHash = hash,
        AcceptedAt = Time.GetUtcNow(),
        DeadlineAt = Time.GetUtcNow().AddSeconds(60),
    };

    [Fact]
    public async Task An_accepted_write_is_found_as_stored_and_listed_as_queued()
    {
        await using var store = await OpenAsync("a");
        var write = Write();

        var result = await store.AcceptAsync(write, default);
        var found = await store.FindAsync(write.Id, default);

        result.Outcome.ShouldBe(AcceptOutcome.Created);
        found.ShouldNotBeNull();
        found.Status.ShouldBe(WriteStatus.Queued);
        found.Attributes!["loyalty_tier"].ShouldBe("gold");
        found.Accepted.ConversationId.ShouldBe(write.ConversationId);
        found.Accepted.DeadlineAt.ShouldBe(write.DeadlineAt);
        (await store.ListQueuedAsync(10, default)).Select(w => w.Id).ShouldBe([write.Id]);
    }

    [Fact]
    public async Task Queued_writes_list_in_acceptance_order_even_when_accepted_concurrently()
    {
        await using var store = await OpenAsync("b");
        var writes = Enumerable.Range(0, 200).Select(i => Write(value: $"v{i}")).ToList();

        var results = await Task.WhenAll(writes.Select(w => store.AcceptAsync(w, default)));
        var queued = await store.ListQueuedAsync(1000, default);

        queued.Count.ShouldBe(200);
        queued.Select(w => w.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        results.Select(r => r.Write.Sequence).Distinct().Count().ShouldBe(200);
        foreach (var result in results)
        {
            queued.Single(q => q.Id == result.Write.Id).Sequence.ShouldBe(result.Write.Sequence);
        }
    }

    [Fact]
    public async Task One_idempotency_key_is_one_write_and_a_reuse_with_another_request_is_told_apart()
    {
        await using var store = await OpenAsync("c");
        var first = Write(key: "k", hash: "same");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.AcceptAsync(first with { Id = WriteId.New(Time) }, default)));
        var reuse = await store.AcceptAsync(Write(key: "k", hash: "other"), default);

        outcomes.Count(o => o.Outcome == AcceptOutcome.Created).ShouldBe(1);
        outcomes.Select(o => o.Write.Id).Distinct().Count().ShouldBe(1);
        reuse.Outcome.ShouldBe(AcceptOutcome.KeyReused);
        reuse.Write.Id.ShouldBe(outcomes[0].Write.Id);
        (await store.ListQueuedAsync(10, default)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Completions_and_delivering_marks_are_durable_across_a_reopen()
    {
        var a = Write(value: "a");
        var b = Write(value: "b");
        var c = Write(value: "c");
        await using (var store = await OpenAsync("d"))
        {
            await store.AcceptAsync(a, default);
            await store.AcceptAsync(b, default);
            await store.AcceptAsync(c, default);
            await store.MarkDeliveringAsync([a.Id, b.Id], default);
            await store.CompleteAsync([new WriteCompletion { Id = a.Id, Status = WriteStatus.Applied, Attempts = 2, ConflictsAbsorbed = 1, CoalescedWrites = 2, Guarded = true, At = Time.GetUtcNow() }], default);
        }

        await using var reopened = await OpenAsync("d");
        var applied = await reopened.FindAsync(a.Id, default);
        var delivering = await reopened.FindAsync(b.Id, default);

        applied!.Status.ShouldBe(WriteStatus.Applied);
        applied.Attempts.ShouldBe(2);
        applied.ConflictsAbsorbed.ShouldBe(1);
        applied.CoalescedWrites.ShouldBe(2);
        applied.Guarded.ShouldBeTrue();
        applied.Delivering.ShouldBeFalse();
        applied.CompletedAt.ShouldNotBeNull();
        delivering!.Delivering.ShouldBeTrue();
        (await reopened.ListQueuedAsync(10, default)).Select(w => w.Id).ShouldBe([b.Id, c.Id]);
    }

    [Fact]
    public async Task A_failure_keeps_its_reason_and_the_endpoints_answer()
    {
        await using var store = await OpenAsync("e");
        var write = Write();
        await store.AcceptAsync(write, default);

        await store.CompleteAsync([new WriteCompletion { Id = write.Id, Status = WriteStatus.Failed, Reason = "conversation ended", EndpointStatus = 500, EndpointBody = "{\"error\":\"down\"}", At = Time.GetUtcNow() }], default);
        var found = await store.FindAsync(write.Id, default);

        found!.Status.ShouldBe(WriteStatus.Failed);
        found.Reason.ShouldBe("conversation ended");
        found.EndpointStatus.ShouldBe(500);
        found.EndpointBody.ShouldBe("{\"error\":\"down\"}");
        (await store.ListQueuedAsync(10, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_enrichment_is_queued_without_attributes_until_resolved()
    {
        await using var store = await OpenAsync("f");
        var write = Write() with { Kind = WriteKind.Enrichment, Attributes = null, Source = "loyalty", InputsJson = "{\"customerId\":\"12345\"}" };
        await store.AcceptAsync(write, default);

        var before = (await store.ListQueuedAsync(10, default)).Single();
        await store.ResolveEnrichmentAsync(write.Id, new Dictionary<string, string> { ["loyalty_tier"] = "gold" }, Time.GetUtcNow(), default);
        var after = (await store.ListQueuedAsync(10, default)).Single();

        before.Attributes.ShouldBeNull();
        before.Accepted.Source.ShouldBe("loyalty");
        before.Accepted.InputsJson.ShouldBe("{\"customerId\":\"12345\"}");
        after.Attributes!["loyalty_tier"].ShouldBe("gold");
        after.Accepted.Kind.ShouldBe(WriteKind.Enrichment);
    }

    [Fact]
    public async Task Statistics_count_by_status_and_tell_the_oldest_queued()
    {
        await using var store = await OpenAsync("g");
        var old = Write();
        await store.AcceptAsync(old, default);
        Time.Advance(TimeSpan.FromSeconds(5));
        var applied = Write();
        await store.AcceptAsync(applied, default);
        await store.CompleteAsync([new WriteCompletion { Id = applied.Id, Status = WriteStatus.Applied, At = Time.GetUtcNow() }], default);

        var statistics = await store.GetStatisticsAsync(Time.GetUtcNow(), default);

        statistics.Queued.ShouldBe(1);
        statistics.OldestQueuedAt.ShouldBe(old.AcceptedAt);
        statistics.ByStatus[WriteStatus.Applied].ShouldBe(1);
        await store.PingAsync(default);
    }

    [Fact]
    public async Task A_claimed_conversation_belongs_to_its_owner_until_released_or_its_lease_runs_out()
    {
        await using var store = await OpenAsync("claims");
        const string one = "3fa85f64-0000-4562-b3fc-000000000001";
        const string two = "3fa85f64-0000-4562-b3fc-000000000002";
        var first = Write(one, "a");
        await store.AcceptAsync(first, default);
        await store.AcceptAsync(Write(two, "b"), default);
        var second = Write(one, "c");
        await store.AcceptAsync(second, default);
        var lease = TimeSpan.FromSeconds(30);

        (await store.ClaimAsync("instance-1", 10, Time.GetUtcNow(), lease, default)).ShouldBe([one, two]);
        (await store.ClaimAsync("instance-2", 10, Time.GetUtcNow(), lease, default)).ShouldBeEmpty();
        (await store.ListQueuedAsync(one, default)).Select(w => w.Id).ShouldBe([first.Id, second.Id]);

        Time.Advance(TimeSpan.FromSeconds(20));
        (await store.RenewAsync("instance-1", [one], Time.GetUtcNow(), lease, default)).ShouldBe([one]);
        Time.Advance(TimeSpan.FromSeconds(20));

        // The lease on the second conversation ran out (as if instance-1 had died): instance-2 takes it over; the renewed one stays.
        (await store.ClaimAsync("instance-2", 10, Time.GetUtcNow(), lease, default)).ShouldBe([two]);
        (await store.RenewAsync("instance-1", [one, two], Time.GetUtcNow(), lease, default)).ShouldBe([one]);

        await store.CompleteAsync(new[] { first, second }.Select(w => new WriteCompletion { Id = w.Id, Status = WriteStatus.Applied, At = Time.GetUtcNow() }).ToList(), default);
        await store.ReleaseAsync("instance-1", one, DateTimeOffset.MinValue, default);
        (await store.ClaimAsync("instance-2", 10, Time.GetUtcNow(), lease, default)).ShouldBeEmpty("nothing is queued for the released conversation");

        var third = Write(one, "d");
        await store.AcceptAsync(third, default);
        (await store.ClaimAsync("instance-2", 10, Time.GetUtcNow(), lease, default)).ShouldBe([one]);
        (await store.ListQueuedAsync(one, default)).Select(w => w.Id).ShouldBe([third.Id]);
    }

    [Fact]
    public async Task A_conversation_released_for_a_retry_is_claimed_again_only_from_its_retry_time()
    {
        await using var store = await OpenAsync("retry");
        var write = Write();
        await store.AcceptAsync(write, default);
        var lease = TimeSpan.FromSeconds(30);
        (await store.ClaimAsync("instance-1", 1, Time.GetUtcNow(), lease, default)).ShouldBe([write.ConversationId]);

        await store.ReleaseAsync("instance-1", write.ConversationId, Time.GetUtcNow().AddSeconds(4), default);

        (await store.ClaimAsync("instance-2", 1, Time.GetUtcNow(), lease, default)).ShouldBeEmpty();
        Time.Advance(TimeSpan.FromSeconds(4));
        (await store.ClaimAsync("instance-2", 1, Time.GetUtcNow(), lease, default)).ShouldBe([write.ConversationId]);
    }

    [Fact]
    public async Task Owners_claiming_at_the_same_moment_never_get_the_same_conversation()
    {
        await using var store = await OpenAsync("race");
        var conversations = Enumerable.Range(0, 40).Select(i => $"3fa85f64-0000-4562-b3fc-{i:D12}").ToList();
        foreach (var conversation in conversations)
        {
            await store.AcceptAsync(Write(conversation), default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.ClaimAsync($"instance-{i}", 10, Time.GetUtcNow(), TimeSpan.FromSeconds(30), default))));

        var all = claims.SelectMany(c => c).ToList();
        all.Count.ShouldBe(all.Distinct().Count(), "a conversation was claimed twice");
        all.Count.ShouldBeGreaterThan(0);
        all.ShouldAllBe(c => conversations.Contains(c));
    }
}
