using System.Net;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.RateLimiting;

public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task Over_the_limit_is_429_too_many_requests_with_retry_after_and_limit_then_the_window_resets()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.RequestsPerMinute = 3;
        });
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var path = "/api/v2/conversations/calls/" + conversation.Id();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await emu.GetAsync(path, token);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        using var limited = await emu.GetAsync(path, token);

        var body = await limited.ShouldBeErrorAsync(429, "too.many.requests", "Rate limit exceeded the maximum [3] requests within [60] seconds");
        limited.Headers.GetValues("Retry-After").Single().ShouldBe("30");
        body["limit"]!["namespace"].Str().ShouldBe("platform.api");
        body["limit"]!["key"].Str().ShouldBe("client.credentials.token.rate.per.minute");
        body["limit"]!["value"]!.GetValue<long>().ShouldBe(3);

        clock.Advance(TimeSpan.FromSeconds(29));
        using (var stillLimited = await emu.GetAsync(path, token))
        {
            stillLimited.Headers.GetValues("Retry-After").Single().ShouldBe("1");
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var afterWindow = await emu.GetAsync(path, token);
        afterWindow.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Default_limit_is_300_per_minute()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var token = await emu.TokenAsync();
        for (var i = 0; i < 300; i++)
        {
            using var response = await emu.GetAsync("/api/v2/conversations/calls/none", token);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var limited = await emu.GetAsync("/api/v2/conversations/calls/none", token);

        await limited.ShouldBeErrorAsync(429, "too.many.requests", "[300] requests within [60] seconds");
        limited.Headers.GetValues("Retry-After").Single().ShouldBe("60");
    }

    [Fact]
    public async Task Limits_are_per_oauth_client()
    {
        var other = new EmulatorOAuthClient("other", "other-secret", ["*"]);
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = new ManualTimeProvider();
            o.RequestsPerMinute = 1;
            o.Clients.Add(other);
        });
        var token = await emu.TokenAsync();
        (await emu.GetAsync("/api/v2/conversations/calls/x", token)).Dispose();
        using var limited = await emu.GetAsync("/api/v2/conversations/calls/x", token);

        using var otherClient = await emu.GetAsync("/api/v2/conversations/calls/x", await emu.TokenAsync(other));

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        otherClient.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Zero_means_unlimited()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = new ManualTimeProvider();
            o.RequestsPerMinute = 0;
            o.TokenRequestsPerMinute = 0;
        });
        var token = await emu.TokenAsync();
        for (var i = 0; i < 400; i++)
        {
            using var response = await emu.GetAsync("/api/v2/conversations/calls/x", token);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }
}
