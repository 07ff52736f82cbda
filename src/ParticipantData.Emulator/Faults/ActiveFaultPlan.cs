namespace ParticipantData.Emulator.Faults;

/// <summary>What the fault plan does to one request: a delay, then maybe an action that answers it.</summary>
internal readonly record struct FaultDecision(TimeSpan Latency, int LatencyRules, FaultAction? Action, int Status)
{
    public static FaultDecision None { get; } = new(TimeSpan.Zero, 0, null, 0);
}

/// <summary>
/// A fault plan in force: per rule, how many requests its route matched and how many it injected. Rules are
/// looked at in order; every matching rule counts the request (so a rule's numbering depends only on its own
/// route), latencies add up, and the first rule whose action answers the request wins.
/// </summary>
internal sealed class ActiveFaultPlan(FaultPlan plan, int seed)
{
    private const int FireSalt = 0;
    private const int LatencySalt1 = 1;
    private const int LatencySalt2 = 2;
    private const int StatusSalt = 3;

    private readonly Lock _gate = new();
    private readonly long[] _matched = new long[plan.Rules.Count];
    private readonly long[] _injected = new long[plan.Rules.Count];

    public FaultPlan Plan => plan;

    public int Seed => seed;

    public FaultDecision Decide(string method, string path)
    {
        var segments = RoutePattern.Split(path);
        var latency = TimeSpan.Zero;
        var latencyRules = 0;
        FaultAction? answer = null;
        var status = 0;
        lock (_gate)
        {
            for (var i = 0; i < plan.Rules.Count; i++)
            {
                var rule = plan.Rules[i];
                if (!rule.Route.Matches(method, segments))
                {
                    continue;
                }

                var number = ++_matched[i];
                if ((rule.Limit is { } limit && _injected[i] >= limit)
                    || !rule.Trigger.Fires(number, DeterministicDraw.Unit(seed, i, number, FireSalt)))
                {
                    continue;
                }

                if (rule.Action is LatencyAction delay)
                {
                    latency += delay.Distribution.Sample(
                        DeterministicDraw.Unit(seed, i, number, LatencySalt1), DeterministicDraw.Unit(seed, i, number, LatencySalt2));
                    latencyRules++;
                    _injected[i]++;
                }
                else if (answer is null)
                {
                    answer = rule.Action;
                    if (rule.Action is StatusAction { Statuses: var statuses })
                    {
                        var pick = (int)(DeterministicDraw.Unit(seed, i, number, StatusSalt) * statuses.Count);
                        status = statuses[Math.Min(pick, statuses.Count - 1)];
                    }

                    _injected[i]++;
                }
            }
        }

        return latencyRules == 0 && answer is null ? FaultDecision.None : new FaultDecision(latency, latencyRules, answer, status);
    }

    public IReadOnlyList<(long Matched, long Injected)> Counters()
    {
        lock (_gate)
        {
            return _matched.Zip(_injected).ToList();
        }
    }
}
