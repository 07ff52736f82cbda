using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Faults.Rules;

namespace ParticipantData.Emulator.Tests.Faults;

public sealed class FaultPlanModelTests
{
    [Fact]
    public void Json_round_trips_through_to_json_and_parse()
    {
        var plan = FaultPlan.Parse("""
            {
              // comments are allowed in plan files
              "name": "mine", "seed": 9,
              "rules": [
                { "route": "PATCH /api/v2/conversations/*/participants/*/attributes", "probability": 0.25, "action": { "type": "status", "status": [502, 503], "retryAfterSeconds": 4 } },
                { "route": "/oauth/token", "requests": [1, 3], "action": { "type": "latency", "distribution": "lognormal", "medianMs": 80, "sigma": 0.5 } },
                { "route": "/api/**", "every": 10, "burst": 2, "limit": 3, "action": { "type": "reset" } },
              ]
            }
            """);

        var again = FaultPlan.Parse(plan.ToJson());

        again.ToJson().ShouldBe(plan.ToJson());
        (again.Name, again.Seed).ShouldBe(("mine", 9));
        plan.ToJson().ShouldContain("\"route\":\"PATCH /api/v2/conversations/*/participants/*/attributes\"");
        plan.ToJson().ShouldContain("\"name\":\"rule2\"");
    }

    [Theory]
    [InlineData("PATCH /api/v2/conversations/*/participants/*/attributes", "PATCH", "/api/v2/conversations/c1/participants/p1/attributes", true)]
    [InlineData("PATCH /api/v2/conversations/*/participants/*/attributes", "GET", "/api/v2/conversations/c1/participants/p1/attributes", false)]
    [InlineData("PATCH /api/v2/conversations/*/participants/*/attributes", "PATCH", "/api/v2/conversations/calls/c1/participants/p1/attributes", false)]
    [InlineData("/api/v2/conversations/**/attributes", "PATCH", "/api/v2/conversations/calls/c1/participants/p1/attributes", true)]
    [InlineData("/api/**", "GET", "/api/v2/conversations/c1", true)]
    [InlineData("/api/**", "POST", "/oauth/token", false)]
    [InlineData("/oauth/token", "POST", "/oauth/token", true)]
    [InlineData("* /oauth/token", "GET", "/oauth/token", true)]
    public void Routes_match_method_and_path_patterns(string pattern, string method, string path, bool matches)
    {
        var route = RoutePattern.TryParse(pattern, out var problem)!;

        problem.ShouldBeNull();
        route.Matches(method, RoutePattern.Split(path)).ShouldBe(matches);
    }

    [Fact]
    public void Latency_distributions_sample_within_their_shapes_and_the_same_draws_give_the_same_sample()
    {
        var uniform = Samples(new UniformLatency(50, 150));
        var normal = Samples(new NormalLatency(100, 10));
        var lognormal = Samples(new LogNormalLatency(100, 0.5));

        uniform.ShouldAllBe(ms => ms >= 50 && ms <= 150);
        uniform.Average().ShouldBeInRange(95, 105);
        normal.Average().ShouldBeInRange(98, 102);
        normal.Count(ms => ms is >= 90 and <= 110).ShouldBeInRange(6_500, 7_100); // ±1 sd holds about 68 %
        lognormal.Order().ElementAt(5_000).ShouldBeInRange(95, 105); // the median
        lognormal.ShouldAllBe(ms => ms > 0);
        new FixedLatency(42).Sample(0.3, 0.9).ShouldBe(TimeSpan.FromMilliseconds(42));
        normal.ShouldBe(Samples(new NormalLatency(100, 10)));

        static List<double> Samples(LatencyDistribution distribution) =>
            Enumerable.Range(0, 10_000)
                .Select(n => distribution.Sample(DeterministicDraw.Unit(1, 0, n, 1), DeterministicDraw.Unit(1, 0, n, 2)).TotalMilliseconds)
                .ToList();
    }

    [Fact]
    public void Chaos_over_many_requests_has_its_documented_proportions()
    {
        const int Requests = 20_000;
        var active = new ActiveFaultPlan(FaultPlan.Chaos(seed: 1), seed: 1);

        var decisions = Enumerable.Range(1, Requests).Select(_ => active.Decide("PATCH", "/api/v2/conversations/c/participants/p/attributes")).ToList();

        var revocations = decisions.Count(d => d.Action is RevokeTokenAction);
        var throttles = decisions.Count(d => d.Status == 429);
        var resets = decisions.Count(d => d.Action is ResetAction);
        var serverErrors = decisions.Where(d => d.Status >= 500).ToList();
        revocations.ShouldBe(1);
        throttles.ShouldBe(790); // 79 bursts of 10 from request 250 on, request 20000, less request 1000 (revoked)
        ((double)resets / Requests).ShouldBeInRange(0.040, 0.056); // 5 % of what the bursts leave
        ((double)serverErrors.Count / Requests).ShouldBeInRange(0.083, 0.100); // 10 % of what bursts and resets leave
        serverErrors.Select(d => d.Status).Distinct().Order().ShouldBe([500, 502, 503, 504]);
        active.Decide("POST", "/oauth/token").ShouldBe(FaultDecision.None);
    }

    [Fact]
    public void Chaos_with_the_same_seed_decides_the_same_and_with_another_seed_differently()
    {
        static List<string> Run(int seed)
        {
            var active = new ActiveFaultPlan(FaultPlan.Chaos(seed), seed);
            return Enumerable.Range(0, 2_000)
                .Select(_ => active.Decide("GET", "/api/v2/conversations/c"))
                .Select(d => $"{d.Action?.Type ?? "none"} {d.Status}")
                .ToList();
        }

        Run(4).ShouldBe(Run(4));
        Run(4).ShouldNotBe(Run(5));
    }

    [Fact]
    public void An_unknown_built_in_name_is_an_argument_error_listing_the_names()
    {
        var error = Should.Throw<ArgumentException>(() => FaultPlan.BuiltIn("mayhem"));

        error.Message.ShouldStartWith("There is no built-in fault plan [mayhem]; the built-in plans are: chaos.");
        FaultPlan.BuiltIn("chaos", 2).Seed.ShouldBe(2);
    }
}
