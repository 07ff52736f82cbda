using System.Runtime.CompilerServices;
using ParticipantData.Emulator.Faults.Rules;
using ParticipantData.Emulator.Notifications;

namespace ParticipantData.Emulator.Faults;

/// <summary>What the fault plan does to one request: a delay, then maybe an action that answers it.</summary>
internal readonly record struct FaultDecision(TimeSpan Latency, int LatencyRules, FaultAction? Action, int Status)
{
    public static FaultDecision None { get; } = new(TimeSpan.Zero, 0, null, 0);
}

/// <summary>
/// A fault plan in force: per rule, how many requests its route matched and how many it injected. Rules are
/// looked at in order; every matching rule counts the request (so a rule's numbering depends only on its own
/// route), latencies add up, and the first rule whose action answers the request wins. Socket rules (a
/// <see cref="SocketAction"/>) do not see requests: they number the frames sent on each channel instead
/// (<see cref="DecideFrame"/>), or fire a time after each connect (<see cref="TimedRules"/>).
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

    // A rule's index in the draws: its place among the rules of its kind (request or socket), so socket rules
    // never change which requests fault, wherever they sit in the plan (and vice versa).
    private readonly int[] _draw = DrawIndexes(plan.Rules);

    // Per channel and rule, the frames counted so far (the channel's own numbering, restarting with each plan).
    private readonly ConditionalWeakTable<NotificationChannel, long[]> _frames = new();

    public FaultPlan Plan => plan;

    public int Seed => seed;

    /// <summary>True when some rule acts on notification sockets.</summary>
    public bool HasSocketRules { get; } = plan.Rules.Any(r => r.IsSocketRule);

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
                if (rule.IsSocketRule || !rule.Route.Matches(method, segments))
                {
                    continue;
                }

                var number = ++_matched[i];
                if ((rule.Limit is { } limit && _injected[i] >= limit)
                    || !rule.Trigger.Fires(number, DeterministicDraw.Unit(seed, _draw[i], number, FireSalt)))
                {
                    continue;
                }

                if (rule.Action is LatencyAction delay)
                {
                    latency += delay.Distribution.Sample(
                        DeterministicDraw.Unit(seed, _draw[i], number, LatencySalt1), DeterministicDraw.Unit(seed, _draw[i], number, LatencySalt2));
                    latencyRules++;
                    _injected[i]++;
                }
                else if (answer is null)
                {
                    answer = rule.Action;
                    if (rule.Action is StatusAction { Statuses: var statuses })
                    {
                        var pick = (int)(DeterministicDraw.Unit(seed, _draw[i], number, StatusSalt) * statuses.Count);
                        status = statuses[Math.Min(pick, statuses.Count - 1)];
                    }

                    _injected[i]++;
                }
            }
        }

        return latencyRules == 0 && answer is null ? FaultDecision.None : new FaultDecision(latency, latencyRules, answer, status);
    }

    /// <summary>
    /// A frame of <paramref name="topic"/> is about to be sent on <paramref name="channel"/>'s socket: every socket
    /// rule whose route matches the channel's path and whose topic filter matches counts it, in the channel's own
    /// numbering; the actions of the rules that fire, in rule order (none after one that ends the socket).
    /// </summary>
    public IReadOnlyList<SocketAction> DecideFrame(NotificationChannel channel, string topic)
    {
        string[] path = ["channels", channel.Id];
        List<SocketAction>? fired = null;
        var ended = false;
        lock (_gate)
        {
            var counts = _frames.GetValue(channel, _ => new long[plan.Rules.Count]);
            for (var i = 0; i < plan.Rules.Count; i++)
            {
                var rule = plan.Rules[i];
                if (rule.Action is not SocketAction action || rule.Trigger is AfterConnectTrigger
                    || !rule.Route.Matches("GET", path) || (rule.Topic is { } filter && !filter.Matches(topic)))
                {
                    continue;
                }

                var number = ++counts[i];
                _matched[i]++;
                if (ended || (rule.Limit is { } limit && _injected[i] >= limit)
                    || !rule.Trigger.Fires(number, DeterministicDraw.Unit(seed, _draw[i], channel.Ordinal, number, FireSalt)))
                {
                    continue;
                }

                _injected[i]++;
                (fired ??= []).Add(action);
                ended = action.EndsSocket;
            }
        }

        return fired ?? (IReadOnlyList<SocketAction>)[];
    }

    /// <summary>The socket rules that fire a time after a connect on <paramref name="channel"/> (rule index, time); each counts the socket as matched.</summary>
    public IReadOnlyList<(int Rule, TimeSpan After)> TimedRules(NotificationChannel channel)
    {
        string[] path = ["channels", channel.Id];
        var timed = new List<(int, TimeSpan)>();
        lock (_gate)
        {
            for (var i = 0; i < plan.Rules.Count; i++)
            {
                if (plan.Rules[i] is { Action: SocketAction, Trigger: AfterConnectTrigger after } rule && rule.Route.Matches("GET", path))
                {
                    _matched[i]++;
                    timed.Add((i, after.After));
                }
            }
        }

        return timed;
    }

    /// <summary>A timed rule's time has come on a socket: its action, or null when the rule's limit is used up.</summary>
    public SocketAction? FireTimed(int rule)
    {
        lock (_gate)
        {
            if (plan.Rules[rule].Limit is { } limit && _injected[rule] >= limit)
            {
                return null;
            }

            _injected[rule]++;
            return (SocketAction)plan.Rules[rule].Action;
        }
    }

    private static int[] DrawIndexes(IReadOnlyList<FaultRule> rules)
    {
        var indexes = new int[rules.Count];
        var (requests, sockets) = (0, 0);
        for (var i = 0; i < rules.Count; i++)
        {
            indexes[i] = rules[i].IsSocketRule ? sockets++ : requests++;
        }

        return indexes;
    }

    public IReadOnlyList<(long Matched, long Injected)> Counters()
    {
        lock (_gate)
        {
            return _matched.Zip(_injected).ToList();
        }
    }
}
