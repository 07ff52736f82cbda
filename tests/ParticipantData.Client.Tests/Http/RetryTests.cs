using System.Net;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Http;

public sealed class RetryTests
{
    [Fact]
    public async Task A_429_waits_for_Retry_After_and_then_succeeds()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.RequestsPerMinute) = (time, 2));
        var created = await host.CreateConversationAsync();
        var id = ConversationId.Parse(created.Id);
        using var client = Emulated.ClientFor(host, o => (o.TotalTimeout, o.AttemptTimeout, o.MaxRetryAfter) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)), time);
        await client.GetConversationAsync(id);
        await client.GetConversationAsync(id);

        var call = client.GetConversationAsync(id);
        await time.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(60)); // the Retry-After delay, not the five-minute budget
        call.IsCompleted.ShouldBeFalse();
        var journal = await Emulated.JournalAsync(host);
        journal[^1].Status.ShouldBe(429);
        time.Advance(TimeSpan.FromSeconds(60));

        (await call).Id.ShouldBe(id);
        (await Emulated.JournalAsync(host)).Where(e => e.Method == "GET").Select(e => e.Status).ShouldBe([200, 200, 429, 200]);
    }

    [Fact]
    public async Task A_429_asking_to_wait_longer_than_allowed_fails_at_once_with_the_wait()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.RequestsPerMinute) = (time, 1));
        var created = await host.CreateConversationAsync();
        var id = ConversationId.Parse(created.Id);
        using var client = Emulated.ClientFor(host, o => o.MaxRetryAfter = TimeSpan.FromSeconds(5), time);
        await client.GetConversationAsync(id);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(id));

        error.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        error.Code.ShouldBe("too.many.requests");
        error.RetryAfter.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromSeconds(5));
        error.Hint!.ShouldContain("rate limit");
    }

    [Fact]
    public async Task A_429_whose_wait_exceeds_the_remaining_budget_fails_at_once()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.RequestsPerMinute) = (time, 1));
        var created = await host.CreateConversationAsync();
        var id = ConversationId.Parse(created.Id);
        using var client = Emulated.ClientFor(host, o => (o.TotalTimeout, o.MaxRetryAfter) = (TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5)), time);
        await client.GetConversationAsync(id);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(id));

        error.Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_call_succeeds()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        var faults = FaultInjectingHandler.Statuses(HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.InternalServerError);
        using var client = Emulated.ClientFor(host, o => o.RetryBaseDelay = TimeSpan.Zero, handler: faults);

        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));

        conversation.Id.Value.ShouldBe(created.Id);
        faults.ApiRequests.ShouldBe(4);
    }

    [Fact]
    public async Task Connection_failures_are_retried()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        var faults = new FaultInjectingHandler((_, n) => n == 1 ? throw new HttpRequestException("connection reset by peer") : null);
        using var client = Emulated.ClientFor(host, o => o.RetryBaseDelay = TimeSpan.Zero, handler: faults);

        (await client.GetConversationAsync(ConversationId.Parse(created.Id))).Id.Value.ShouldBe(created.Id);
        faults.ApiRequests.ShouldBe(2);
    }

    [Fact]
    public async Task When_retries_run_out_the_last_error_is_reported_with_a_hint()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        var faults = new FaultInjectingHandler((r, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = r });
        using var client = Emulated.ClientFor(host, o => (o.RetryBaseDelay, o.MaxRetryAttempts) = (TimeSpan.Zero, 2), handler: faults);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.GetConversationAsync(ConversationId.Parse(created.Id)));

        error.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        error.Hint!.ShouldContain("retried");
        faults.ApiRequests.ShouldBe(3);
    }

    [Fact]
    public async Task A_409_is_not_retried_by_the_http_layer()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        var faults = FaultInjectingHandler.Statuses(HttpStatusCode.Conflict);
        using var client = Emulated.ClientFor(host, o => o.RetryBaseDelay = TimeSpan.Zero, handler: faults);

        var error = await Should.ThrowAsync<GenesysApiException>(() => client.SetParticipantAttributesAsync(
            ConversationId.Parse(created.Id), ParticipantSelector.ById(ParticipantId.Parse(created.Participants[0].Id)), new Dictionary<string, string> { ["k"] = "v" }));

        error.Status.ShouldBe(HttpStatusCode.Conflict);
        error.Hint!.ShouldContain("retrying is safe");
        faults.ApiRequests.ShouldBe(1);
    }

    [Fact]
    public async Task A_cancelled_call_stops_with_OperationCanceledException()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetConversationAsync(ConversationId.Parse(created.Id), cancelled.Token));
    }
}
