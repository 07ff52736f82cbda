using System.Net;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Auth;

public sealed class TokenTests
{
    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host);
        var id = ConversationId.Parse(created.Id);

        var reads = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(() => client.GetConversationAsync(id))));

        reads.ShouldAllBe(c => c.Id == id);
        client.TokenRequestCount.ShouldBe(1);
        (await Emulated.JournalAsync(host)).Count(e => e.Path == "/oauth/token").ShouldBe(1);
    }

    [Fact]
    public async Task An_expired_token_is_renewed_before_use_so_no_call_sees_a_401()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.TokenLifetime) = (time, TimeSpan.FromSeconds(4)));
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host, time: time);
        var id = ConversationId.Parse(created.Id);

        await client.GetConversationAsync(id);
        time.Advance(TimeSpan.FromSeconds(5));
        await client.GetConversationAsync(id);

        client.TokenRequestCount.ShouldBe(2);
        var journal = await Emulated.JournalAsync(host);
        journal.ShouldNotContain(e => e.Status == 401);
        journal.Select(e => (e.Method, e.Status)).ShouldBe([("POST", 200), ("GET", 200), ("POST", 200), ("GET", 200)]);
    }

    [Fact]
    public async Task A_token_near_expiry_is_renewed_in_the_background_while_it_is_still_served()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.TokenLifetime) = (time, TimeSpan.FromSeconds(10)));
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host, time: time);
        var id = ConversationId.Parse(created.Id);

        await client.GetConversationAsync(id);
        time.Advance(TimeSpan.FromSeconds(6)); // past half the lifetime, before expiry
        await client.GetConversationAsync(id);

        await Eventually.HoldsAsync(() => client.TokenRequestCount == 2, "a background renewal was sent");
        time.Advance(TimeSpan.FromSeconds(4)); // the first token has expired; the renewed one is not yet due for renewal
        await client.GetConversationAsync(id);
        client.TokenRequestCount.ShouldBe(2);
        (await Emulated.JournalAsync(host)).ShouldNotContain(e => e.Status == 401);
    }

    [Fact]
    public async Task A_401_mid_run_renews_the_token_once_and_replays_the_call()
    {
        // The server's clock runs ahead of the client's, so the server expires a token the client still trusts.
        var serverTime = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.TokenLifetime) = (serverTime, TimeSpan.FromSeconds(60)));
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host);
        var id = ConversationId.Parse(created.Id);

        await client.GetConversationAsync(id);
        serverTime.Advance(TimeSpan.FromSeconds(61));
        var conversation = await client.GetConversationAsync(id);

        conversation.Id.ShouldBe(id);
        var journal = await Emulated.JournalAsync(host);
        journal.Select(e => (e.Method, e.Status)).ShouldBe([("POST", 200), ("GET", 200), ("GET", 401), ("POST", 200), ("GET", 200)]);
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_an_authentication_error_that_never_shows_the_secret()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        using var client = Emulated.ClientFor(host, o => o.ClientSecret = "not-the-secret-4711");

        var error = await Should.ThrowAsync<GenesysAuthenticationException>(() => client.GetConversationAsync(ConversationId.Parse(created.Id)));

        error.Status.ShouldBe(HttpStatusCode.Unauthorized);
        error.Error.ShouldBe("invalid_client");
        error.Hint!.ShouldContain(ParticipantDataClientOptions.ClientSecretVariable);
        error.ToString().ShouldNotContain("not-the-secret-4711");
        client.TokenRequestCount.ShouldBe(1); // 401 from login is final, not retried
    }

    [Fact]
    public async Task A_throttled_token_request_is_not_cached_the_next_call_tries_again()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.TokenRequestsPerMinute) = (time, 1));
        var created = await host.CreateConversationAsync();
        var id = ConversationId.Parse(created.Id);
        using var first = Emulated.ClientFor(host, time: time);
        using var second = Emulated.ClientFor(host, o => o.MaxRetryAttempts = 0, time);
        await first.GetConversationAsync(id);

        var error = await Should.ThrowAsync<GenesysAuthenticationException>(() => second.GetConversationAsync(id));
        error.Status.ShouldBe(HttpStatusCode.BadRequest);
        error.Description!.ShouldStartWith("rate limit exceeded");
        error.Hint!.ShouldContain("throttled");

        time.Advance(TimeSpan.FromSeconds(61));
        (await second.GetConversationAsync(id)).Id.ShouldBe(id);
        second.TokenRequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task The_token_endpoints_400_rate_limit_is_waited_out_like_a_429()
    {
        var time = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.TokenRequestsPerMinute) = (time, 1));
        var created = await host.CreateConversationAsync();
        var id = ConversationId.Parse(created.Id);
        using var first = Emulated.ClientFor(host, time: time);
        await first.GetConversationAsync(id);
        using var second = Emulated.ClientFor(host, o => (o.TotalTimeout, o.AttemptTimeout, o.MaxRetryAfter) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), time);

        var call = second.GetConversationAsync(id);
        // The token request's Retry-After delay (a minute at most) among the calls' five-minute budget timers.
        await time.WaitForTimerDueWithinAsync(TimeSpan.FromSeconds(61));
        call.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(61));

        (await call).Id.ShouldBe(id);
        second.TokenRequestCount.ShouldBe(2);
    }
}
