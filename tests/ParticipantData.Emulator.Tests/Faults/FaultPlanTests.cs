using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Faults;

public sealed class FaultPlanTests
{
    private const string AttributesRoute = "PATCH /api/v2/conversations/*/participants/*/attributes";

    [Theory]
    [InlineData(500, "internal.server.error", "The server encountered an unexpected condition")]
    [InlineData(502, "bad.gateway", "Bad Gateway")]
    [InlineData(503, "service.unavailable", "Service Unavailable")]
    [InlineData(504, "request.timeout", "The request timed out.")]
    public async Task A_status_rule_answers_its_route_with_the_platforms_error_body(int status, string code, string message)
    {
        await using var emu = await StartAsync($$$"""{"rules":[{"route":"{{{AttributesRoute}}}","action":{"type":"status","status":{{{status}}}}}]}""");
        var (path, token) = await CustomerPathAsync(emu);

        using var patch = await emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        using var get = await emu.GetAsync("/api/v2/conversations/" + emu.Host.Conversations.Single().Id, token);

        await patch.ShouldBeErrorAsync(status, code, message);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        emu.Host.Conversations.Single().Participants[0].Attributes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_429_carries_retry_after_even_a_very_long_one()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/api/**","action":{"type":"status","status":429,"retryAfterSeconds":86400}}]}""");

        using var response = await emu.GetAsync("/api/v2/conversations/any");

        var body = await response.ShouldBeErrorAsync(429, "too.many.requests", "Rate limit exceeded the maximum [300] requests within [60] seconds");
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromDays(1));
        body["limit"]!["key"].Str().ShouldBe("client.credentials.token.rate.per.minute");
    }

    [Fact]
    public async Task A_409_rule_answers_with_the_configured_conflict_body_and_custom_text_wins()
    {
        await using var emu = await StartAsync($$$"""
            {"rules":[
              {"route":"{{{AttributesRoute}}}","requests":[1],"action":{"type":"status","status":409}},
              {"route":"{{{AttributesRoute}}}","requests":[2],"action":{"type":"status","status":409,"code":"custom.code","message":"custom text"}}
            ]}
            """);
        var (path, token) = await CustomerPathAsync(emu);

        using var first = await emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        using var second = await emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);

        await first.ShouldBeErrorAsync(409, "conflict", "The version number of the modified resource must match the version number in the database");
        await second.ShouldBeErrorAsync(409, "custom.code", "custom text");
    }

    [Fact]
    public async Task Fixed_latency_holds_the_answer_until_the_clock_has_moved_that_far()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync("""{"rules":[{"route":"GET /api/v2/conversations/*","action":{"type":"latency","ms":250}}]}""", o => o.TimeProvider = clock);
        var token = await emu.TokenAsync();

        var get = emu.GetAsync("/api/v2/conversations/nope", token);
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromMilliseconds(250));
        clock.Advance(TimeSpan.FromMilliseconds(249));
        var early = get.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));

        early.ShouldBeFalse();
        using var response = await get;
        await response.ShouldBeErrorAsync(404, "not.found", "no conversation [nope]");
    }

    [Fact]
    public async Task Latency_rules_add_up_and_a_status_rule_still_answers_after_the_delay()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await StartAsync("""
            {"rules":[
              {"route":"/api/**","action":{"type":"latency","ms":100}},
              {"route":"/api/**","action":{"type":"latency","distribution":"uniform","minMs":50,"maxMs":50}},
              {"route":"/api/**","action":{"type":"status","status":503}}
            ]}
            """, o => o.TimeProvider = clock);
        var token = await emu.TokenAsync();

        var get = emu.GetAsync("/api/v2/conversations/any", token);
        await clock.WaitForTimerDueWithinAsync(TimeSpan.FromMilliseconds(150));
        clock.Advance(TimeSpan.FromMilliseconds(150));

        using var response = await get;
        await response.ShouldBeErrorAsync(503, "service.unavailable", "Service Unavailable");
        emu.Host.Statistics.InjectedFaults.ShouldBe(3);
    }

    [Fact]
    public async Task A_connection_reset_reaches_an_HttpClient_as_an_HttpRequestException()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"GET /api/v2/conversations/*","action":{"type":"reset"}}]}""");
        var token = await emu.TokenAsync();

        var failure = await Should.ThrowAsync<HttpRequestException>(() => emu.GetAsync("/api/v2/conversations/any", token));

        failure.ShouldNotBeNull();
        // The client sees the reset before the emulator's pipeline has counted it: wait for the count, not for time.
        for (var tries = 0; emu.Host.Statistics.ConnectionResets == 0 && tries < 500; tries++)
        {
            await Task.Yield();
            await Task.Delay(10);
        }

        var statistics = emu.Host.Statistics;
        statistics.ConnectionResets.ShouldBeGreaterThanOrEqualTo(1);
        statistics.Count(200).ShouldBe(1); // only the token request was answered
        var journal = await (await emu.Http.GetAsync("/emulator/v1/requests?path=/api/")).JsonObjectAsync();
        journal["entities"]!.AsArray().ShouldAllBe(e => e!["status"]!.GetValue<int>() == 0);
    }

    [Fact]
    public async Task A_token_revocation_answers_401_until_the_caller_fetches_a_new_token()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/api/**","requests":[2],"action":{"type":"revokeToken"}}]}""");
        var conversation = await emu.CreateConversationAsync();
        var path = "/api/v2/conversations/" + conversation.Id();
        var token = await emu.TokenAsync();

        using var first = await emu.GetAsync(path, token);
        using var revoked = await emu.GetAsync(path, token);
        using var again = await emu.GetAsync(path, token);
        using var renewed = await emu.GetAsync(path, await emu.TokenAsync());

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        await revoked.ShouldBeErrorAsync(401, "bad.credentials", "Invalid login credentials.");
        await again.ShouldBeErrorAsync(401, "bad.credentials", "Invalid login credentials.");
        renewed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_nth_request_with_a_burst_fires_on_that_schedule()
    {
        await using var emu = await StartAsync("""{"rules":[{"route":"/api/**","every":4,"burst":2,"action":{"type":"status","status":503}}]}""");

        var failed = await FailingRequestNumbersAsync(emu, 12);

        failed.ShouldBe([4, 5, 8, 9, 12]);
    }

    [Fact]
    public async Task Listed_request_numbers_fire_and_a_limit_caps_the_injections()
    {
        await using var emu = await StartAsync("""
            {"rules":[
              {"route":"/api/**","requests":[2,3],"action":{"type":"status","status":500}},
              {"route":"/api/**","every":5,"limit":1,"action":{"type":"status","status":502}}
            ]}
            """);

        var failed = await FailingRequestNumbersAsync(emu, 12);

        failed.ShouldBe([2, 3, 5]);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_and_another_seed_other_ones()
    {
        const string Plan = """{"seed":SEED,"rules":[{"route":"/api/**","probability":0.3,"action":{"type":"status","status":503}}]}""";

        var first = await RunAsync("7");
        var second = await RunAsync("7");
        var other = await RunAsync("8");

        first.ShouldBe(second);
        first.Count.ShouldBeInRange(5, 20); // about 30 % of 40
        other.ShouldNotBe(first);

        static async Task<List<int>> RunAsync(string seed)
        {
            await using var emu = await StartAsync(Plan.Replace("SEED", seed, StringComparison.Ordinal));
            return await FailingRequestNumbersAsync(emu, 40);
        }
    }

    [Fact]
    public async Task A_plan_without_a_seed_uses_the_hosts_seed()
    {
        const string Plan = """{"rules":[{"route":"/api/**","probability":0.5,"action":{"type":"status","status":503}}]}""";
        List<int> withHostSeed;
        await using (var emu = await StartAsync(Plan, o => o.Seed = 7))
        {
            withHostSeed = await FailingRequestNumbersAsync(emu, 30);
        }

        await using var explicitSeed = await StartAsync(Plan.Replace("{\"rules\"", "{\"seed\":7,\"rules\"", StringComparison.Ordinal));

        (await FailingRequestNumbersAsync(explicitSeed, 30)).ShouldBe(withHostSeed);
    }

    [Fact]
    public async Task A_rule_counts_only_its_own_route_so_other_traffic_does_not_shift_its_schedule()
    {
        await using var emu = await StartAsync($$$"""{"rules":[{"route":"{{{AttributesRoute}}}","requests":[2],"action":{"type":"status","status":503}}]}""");
        var (path, token) = await CustomerPathAsync(emu);
        var conversationPath = "/api/v2/conversations/" + emu.Host.Conversations.Single().Id;

        using var get1 = await emu.GetAsync(conversationPath, token);
        using var patch1 = await emu.PatchJsonAsync(path, """{"attributes":{"a":"1"}}""", token);
        using var get2 = await emu.GetAsync(conversationPath, token);
        using var patch2 = await emu.PatchJsonAsync(path, """{"attributes":{"a":"2"}}""", token);

        (get1.StatusCode, patch1.StatusCode, get2.StatusCode).ShouldBe((HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.OK));
        patch2.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_status_on_the_login_route_answers_in_the_login_services_shape()
    {
        await using var emu = await StartAsync("""
            {"rules":[{"route":"POST /oauth/token","requests":[1],"action":{"type":"status","status":400,"code":"invalid_request",
              "message":"rate limit exceeded; retry later","retryAfterSeconds":30}}]}
            """);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = TestEmulator.ClientCredentialsForm() };
        request.Headers.Authorization = TestEmulator.Basic(emu.Host.DefaultClient.ClientId, emu.Host.DefaultClient.ClientSecret);
        using var throttled = await emu.Http.SendAsync(request);
        var next = await emu.TokenAsync();

        throttled.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        throttled.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(30));
        var body = await throttled.JsonObjectAsync();
        body["error"].Str().ShouldBe("invalid_request");
        body["description"].Str().ShouldBe("rate limit exceeded; retry later");
        next.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_host_property_installs_and_removes_a_plan_at_run_time()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();

        emu.Host.FaultPlan = FaultPlan.Parse("""{"rules":[{"route":"/api/**","action":{"type":"status","status":503}}]}""");
        using var faulted = await emu.GetAsync("/api/v2/conversations/any", token);
        emu.Host.FaultPlan = null;
        using var clean = await emu.GetAsync("/api/v2/conversations/any", token);

        faulted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        clean.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    internal static async Task<TestEmulator> StartAsync(string plan, Action<EmulatorOptions>? configure = null) =>
        await TestEmulator.StartAsync(o =>
        {
            o.RequestsPerMinute = 0;
            o.FaultPlan = FaultPlan.Parse(plan);
            configure?.Invoke(o);
        });

    /// <summary>Sends <paramref name="count"/> GETs one after the other; the 1-based numbers of those not answered 404.</summary>
    internal static async Task<List<int>> FailingRequestNumbersAsync(TestEmulator emu, int count)
    {
        var token = await emu.TokenAsync();
        var failed = new List<int>();
        for (var n = 1; n <= count; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/conversations/none");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await emu.Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failed.Add(n);
            }
        }

        return failed;
    }

    private static async Task<(string Path, string Token)> CustomerPathAsync(TestEmulator emu)
    {
        JsonObject conversation = await emu.CreateConversationAsync();
        return ($"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes", await emu.TokenAsync());
    }
}
