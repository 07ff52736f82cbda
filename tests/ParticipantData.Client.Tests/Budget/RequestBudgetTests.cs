using System.Net;
using ParticipantData.Client.Budget;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Budget;

public sealed class RequestBudgetTests
{
    [Fact]
    public async Task When_slots_are_scarce_tokens_go_first_then_first_writes_then_updates_then_verification_reads()
    {
        var time = new ManualTimeProvider();
        using var budget = new RequestBudget(60, TimeSpan.FromMinutes(1), time, burst: 1);
        (await budget.AcquireAsync(RequestPriority.Update, CancellationToken.None)).ShouldBe(TimeSpan.Zero); // the burst

        var read = budget.Enqueue(RequestPriority.Verification);
        var update = budget.Enqueue(RequestPriority.Update);
        var first = budget.Enqueue(RequestPriority.FirstWrite);
        var token = budget.Enqueue(RequestPriority.Token);
        budget.Queued.ShouldBe(4);

        time.Advance(TimeSpan.FromSeconds(1));
        await token.Granted;
        first.IsGranted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await first.Granted;
        update.IsGranted.ShouldBeFalse();
        read.IsGranted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await update.Granted;
        read.IsGranted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await read.Granted;
        read.Waited.ShouldBe(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Slots_come_back_at_the_pace_of_the_limit_and_never_more_than_the_limit_in_any_window()
    {
        var time = new ManualTimeProvider();
        using var budget = new RequestBudget(10, TimeSpan.FromMinutes(1), time, burst: 10);
        for (var i = 0; i < 10; i++)
        {
            (await budget.AcquireAsync(RequestPriority.Update, CancellationToken.None)).ShouldBe(TimeSpan.Zero);
        }

        var eleventh = budget.Enqueue(RequestPriority.Update);
        budget.EstimateWait(RequestPriority.Update).ShouldBe(TimeSpan.FromMinutes(1)); // a request queued now waits behind it
        time.Advance(TimeSpan.FromSeconds(59)); // the pace has refilled the bucket, but the window is full
        eleventh.IsGranted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await eleventh.Granted;
        budget.Grants.ShouldBe(11);
    }

    [Fact]
    public async Task Retry_After_pauses_every_grant_of_the_budget()
    {
        var time = new ManualTimeProvider();
        using var budget = new RequestBudget(300, TimeSpan.FromMinutes(1), time);
        budget.Pause(TimeSpan.FromSeconds(3));

        var ticket = budget.Enqueue(RequestPriority.Token);
        ticket.IsGranted.ShouldBeFalse();
        ticket.EstimatedWait.ShouldBe(TimeSpan.FromSeconds(3));
        time.Advance(TimeSpan.FromSeconds(2.9));
        ticket.IsGranted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(0.1));
        await ticket.Granted;
        budget.Pauses.ShouldBe(1);
    }

    [Fact]
    public async Task A_429_with_Retry_After_holds_back_every_call_of_the_same_OAuth_client_not_only_the_one_that_got_it()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var conversation = ConversationId.Parse(created.Id);
        var faults = new FaultInjectingHandler((r, n) => n == 1
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = r, Headers = { RetryAfter = new(TimeSpan.FromSeconds(3)) } }
            : null);
        using var first = Emulated.ClientFor(host, time: time, handler: faults);
        using var second = Emulated.ClientFor(host, time: time, handler: faults);
        ReferenceEquals(first.RequestBudget, second.RequestBudget).ShouldBeTrue(); // one budget per OAuth client

        var throttled = first.GetConversationAsync(conversation);
        await Eventually.HoldsAsync(() => first.RequestBudget!.Pauses == 1, "the 429 paused the budget");
        var other = second.GetConversationAsync(conversation);
        await Eventually.HoldsAsync(() => first.RequestBudget!.Queued == 1, "the other call waits in the paused budget");
        // Both the budget's pause and the throttled call's retry delay are on the clock: advancing before the
        // retry's timer exists would leave it waiting on a clock that never moves again.
        await time.WaitForTimersAsync(dueIn => dueIn.Count(d => d <= TimeSpan.FromSeconds(3)) >= 2);
        faults.ApiRequests.ShouldBe(1); // the other call waits too

        time.Advance(TimeSpan.FromSeconds(3));
        (await throttled).Id.ShouldBe(conversation);
        (await other).Id.ShouldBe(conversation);
        faults.ApiRequests.ShouldBe(3);
    }
}
