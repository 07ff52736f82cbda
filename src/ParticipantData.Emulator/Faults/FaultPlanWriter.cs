using System.Text.Json.Nodes;
using ParticipantData.Emulator.Faults.Rules;

namespace ParticipantData.Emulator.Faults;

/// <summary>Writes a fault plan as the JSON <see cref="FaultPlanReader"/> reads (the admin API's answer adds each rule's counters).</summary>
internal static class FaultPlanWriter
{
    /// <summary>The plan's JSON; with <paramref name="counters"/>, each rule's <c>matched</c> and <c>injected</c>.</summary>
    public static JsonObject ToJson(FaultPlan plan, IReadOnlyList<(long Matched, long Injected)>? counters = null)
    {
        var rules = new JsonArray();
        for (var i = 0; i < plan.Rules.Count; i++)
        {
            var rule = plan.Rules[i];
            var json = new JsonObject { ["name"] = rule.Name, ["route"] = rule.Route.Text };
            if (rule.Topic is { } topic)
            {
                json["topic"] = topic.Text;
            }

            switch (rule.Trigger)
            {
                case ProbabilityTrigger p:
                    json["probability"] = p.Probability;
                    break;
                case EveryTrigger e:
                    json["every"] = e.Every;
                    json["burst"] = e.Burst;
                    break;
                case RequestsTrigger r:
                    json["requests"] = new JsonArray([.. r.Numbers.Select(n => (JsonNode)n)]);
                    break;
                case FramesTrigger f:
                    json["frames"] = new JsonArray([.. f.Numbers.Select(n => (JsonNode)n)]);
                    break;
                case AfterConnectTrigger a:
                    json["afterMs"] = a.After.TotalMilliseconds;
                    break;
            }

            if (rule.Limit is { } limit)
            {
                json["limit"] = limit;
            }

            json["action"] = ActionJson(rule.Action);
            if (counters is not null)
            {
                json["matched"] = counters[i].Matched;
                json["injected"] = counters[i].Injected;
            }

            rules.Add(json);
        }

        var root = new JsonObject();
        if (plan.Name is not null)
        {
            root["name"] = plan.Name;
        }

        if (plan.Seed is { } seed)
        {
            root["seed"] = seed;
        }

        root["rules"] = rules;
        return root;
    }

    private static JsonObject ActionJson(FaultAction action)
    {
        var json = new JsonObject { ["type"] = action.Type };
        switch (action)
        {
            case StatusAction s:
                json["status"] = s.Statuses.Count == 1 ? s.Statuses[0] : new JsonArray([.. s.Statuses.Select(x => (JsonNode)x)]);
                if (s.RetryAfterSeconds is { } retry)
                {
                    json["retryAfterSeconds"] = retry;
                }

                if (s.Code is not null)
                {
                    json["code"] = s.Code;
                }

                if (s.Message is not null)
                {
                    json["message"] = s.Message;
                }

                break;
            case LatencyAction { Distribution: var d }:
                json["distribution"] = d.Name;
                switch (d)
                {
                    case FixedLatency f:
                        json["ms"] = f.Ms;
                        break;
                    case UniformLatency u:
                        json["minMs"] = u.MinMs;
                        json["maxMs"] = u.MaxMs;
                        break;
                    case NormalLatency n:
                        json["meanMs"] = n.MeanMs;
                        json["stdDevMs"] = n.StdDevMs;
                        break;
                    case LogNormalLatency l:
                        json["medianMs"] = l.MedianMs;
                        json["sigma"] = l.Sigma;
                        break;
                }

                break;
            case CloseSocketAction { Delay: { } delay }:
                json["delayMs"] = delay.TotalMilliseconds;
                break;
            case StopHeartbeatsAction { Duration: { } duration }:
                json["durationMs"] = duration.TotalMilliseconds;
                break;
        }

        return json;
    }
}
