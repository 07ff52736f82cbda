using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Faults.Rules;

namespace ParticipantData.Emulator.Faults;

/// <summary>
/// Reads and writes the fault plan JSON (schema in docs/emulator.md). Every problem is reported with the path
/// of the field and what would be valid, because people write these files by hand.
/// </summary>
internal static class FaultPlanJson
{
    private static readonly string[] PlanFields = ["name", "seed", "rules"];
    private static readonly string[] RuleFields = ["name", "route", "topic", "probability", "every", "burst", "requests", "frames", "afterMs", "limit", "action"];
    private static readonly string[] ActionTypes = ["status", "latency", "reset", "revokeToken", "dropSocket", "closeSocket", "stopHeartbeats", "expireChannel", "evictChannel"];
    private static readonly string[] Triggers = ["probability", "every", "requests", "frames", "afterMs"];
    private const string SocketActions = "dropSocket, closeSocket, stopHeartbeats, expireChannel or evictChannel";

    /// <summary>The longest time a socket rule may give (afterMs, delayMs, durationMs): 30 days.</summary>
    private static readonly double MaxSocketMs = TimeSpan.FromDays(30).TotalMilliseconds;

    /// <exception cref="FormatException">The text is not a valid fault plan; the message says where and why.</exception>
    public static FaultPlan Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException("The fault plan is not valid JSON: " + Json.JsonBody.Describe(ex), ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (Json.JsonBody.FindInvalidString(root) is { } where)
            {
                throw new FormatException($"The fault plan holds a string that is not valid Unicode ({where}): a lone UTF-16 surrogate escape such as \"\\ud800\".");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Problem("", "must be a JSON object: {\"seed\": 1, \"rules\": [...]}");
            }

            Known(root, "", PlanFields);
            var name = OptionalString(root, "name", "name");
            int? seed = null;
            if (root.TryGetProperty("seed", out var seedElement) && seedElement.ValueKind != JsonValueKind.Null)
            {
                if (seedElement.ValueKind != JsonValueKind.Number || !seedElement.TryGetInt32(out var s))
                {
                    throw Problem("seed", $"[{seedElement.GetRawText()}] must be a whole number (a 32-bit integer)");
                }

                seed = s;
            }

            if (!root.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
            {
                throw Problem("rules", "is required: an array of rules, e.g. [{\"route\": \"/api/**\", \"probability\": 0.1, \"action\": {\"type\": \"status\", \"status\": 503}}]");
            }

            var parsed = new List<FaultRule>();
            var index = 0;
            foreach (var rule in rules.EnumerateArray())
            {
                parsed.Add(ReadRule(rule, $"rules[{index}]", index));
                index++;
            }

            return new FaultPlan(name, seed, parsed);
        }
    }

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

    private static FaultRule ReadRule(JsonElement rule, string at, int index)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            throw Problem(at, "must be an object with a route, an optional probability/every/requests and an action");
        }

        Known(rule, at, RuleFields);
        var name = OptionalString(rule, "name", at + ".name") ?? "rule" + (index + 1).ToString(CultureInfo.InvariantCulture);
        var routeText = OptionalString(rule, "route", at + ".route")
            ?? throw Problem(at + ".route", "is required, e.g. \"PATCH /api/v2/conversations/*/participants/*/attributes\", \"/oauth/token\" or \"/api/**\"");
        var route = RoutePattern.TryParse(routeText, out var routeProblem) ?? throw Problem(at + ".route", routeProblem!);

        var triggers = Triggers.Where(t => rule.TryGetProperty(t, out var v) && v.ValueKind != JsonValueKind.Null).ToList();
        if (triggers.Count > 1)
        {
            throw Problem(at, $"has both {triggers[0]} and {triggers[1]}: give one of probability, every, requests, frames or afterMs (none = every matching request or frame)");
        }

        if (rule.TryGetProperty("burst", out var burstElement) && burstElement.ValueKind != JsonValueKind.Null && !triggers.Contains("every"))
        {
            throw Problem(at + ".burst", "only goes with every (every N requests, a burst of B)");
        }

        FaultTrigger trigger = triggers.FirstOrDefault() switch
        {
            "probability" => new ProbabilityTrigger(Number(rule.GetProperty("probability"), at + ".probability", 0, 1, "a probability between 0 and 1")),
            "every" => new EveryTrigger(
                WholeNumber(rule.GetProperty("every"), at + ".every", 1),
                rule.TryGetProperty("burst", out var burst) && burst.ValueKind != JsonValueKind.Null ? WholeNumber(burst, at + ".burst", 1) : 1),
            "requests" => new RequestsTrigger(RequestNumbers(rule.GetProperty("requests"), at + ".requests")),
            "frames" => new FramesTrigger(RequestNumbers(rule.GetProperty("frames"), at + ".frames", "frame numbers (1 = the first frame the rule counts on a channel)")),
            "afterMs" => new AfterConnectTrigger(SocketTime(rule.GetProperty("afterMs"), at + ".afterMs", 0)),
            _ => new ProbabilityTrigger(1),
        };
        if (trigger is EveryTrigger { Burst: var b, Every: var n } && b > n)
        {
            throw Problem(at + ".burst", $"[{b}] is longer than every [{n}]: a burst must fit between two starts");
        }

        long? limit = rule.TryGetProperty("limit", out var limitElement) && limitElement.ValueKind != JsonValueKind.Null
            ? WholeNumber(limitElement, at + ".limit", 1)
            : null;
        if (!rule.TryGetProperty("action", out var action))
        {
            throw Problem(at + ".action", "is required: {\"type\": \"status\"|\"latency\"|\"reset\"|\"revokeToken\"|\"dropSocket\"|..., ...}");
        }

        var parsedAction = ReadAction(action, at + ".action");
        var topicText = OptionalString(rule, "topic", at + ".topic");
        if (parsedAction is SocketAction)
        {
            if (!route.CanMatchSocket)
            {
                throw Problem(at + ".route", $"[{routeText}] does not match the notification WebSocket: a {parsedAction.Type} rule acts on open sockets, so its route is \"/channels/*\" (or one channel's \"/channels/{{channelId}}\")");
            }

            if (trigger is RequestsTrigger)
            {
                throw Problem(at + ".requests", $"numbers requests, but a {parsedAction.Type} rule counts the frames sent on a socket: use frames, every, probability or afterMs");
            }

            if (topicText is not null && trigger is AfterConnectTrigger)
            {
                throw Problem(at + ".topic", "filters the frames a rule counts, and an afterMs rule counts no frames: drop one of them");
            }
        }
        else
        {
            foreach (var socketOnly in (string[])["frames", "afterMs", "topic"])
            {
                if (rule.TryGetProperty(socketOnly, out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    throw Problem(at + "." + socketOnly, $"only goes with a socket action ({SocketActions}); a {parsedAction.Type} rule acts on requests");
                }
            }
        }

        TopicPattern? topicPattern = null;
        if (topicText is not null)
        {
            topicPattern = TopicPattern.TryParse(topicText, out var topicProblem) ?? throw Problem(at + ".topic", topicProblem!);
        }

        return new FaultRule(name, route, trigger, parsedAction, limit, topicPattern);
    }

    private static FaultAction ReadAction(JsonElement action, string at)
    {
        if (action.ValueKind != JsonValueKind.Object)
        {
            throw Problem(at, "must be an object: {\"type\": \"status\"|\"latency\"|\"reset\"|\"revokeToken\"|\"dropSocket\"|..., ...}");
        }

        var type = OptionalString(action, "type", at + ".type");
        switch (type)
        {
            case "status":
                Known(action, at, ["type", "status", "retryAfterSeconds", "code", "message"]);
                return new StatusAction(
                    Statuses(action, at + ".status"),
                    action.TryGetProperty("retryAfterSeconds", out var retry) && retry.ValueKind != JsonValueKind.Null
                        ? (int)WholeNumber(retry, at + ".retryAfterSeconds", 0, int.MaxValue)
                        : null,
                    OptionalString(action, "code", at + ".code"),
                    OptionalString(action, "message", at + ".message"));
            case "latency":
                Known(action, at, ["type", "distribution", "ms", "minMs", "maxMs", "meanMs", "stdDevMs", "medianMs", "sigma"]);
                return new LatencyAction(ReadLatency(action, at));
            case "reset":
                Known(action, at, ["type"]);
                return new ResetAction();
            case "revokeToken":
                Known(action, at, ["type"]);
                return new RevokeTokenAction();
            case "dropSocket":
                Known(action, at, ["type"]);
                return new DropSocketAction();
            case "closeSocket":
                Known(action, at, ["type", "delayMs"]);
                return new CloseSocketAction(OptionalSocketTime(action, "delayMs", at, 0));
            case "stopHeartbeats":
                Known(action, at, ["type", "durationMs"]);
                return new StopHeartbeatsAction(OptionalSocketTime(action, "durationMs", at, 1));
            case "expireChannel":
                Known(action, at, ["type"]);
                return new ExpireChannelAction();
            case "evictChannel":
                Known(action, at, ["type"]);
                return new EvictChannelAction();
            case null:
                throw Problem(at + ".type", "is required: one of " + string.Join(", ", ActionTypes));
            default:
                throw Problem(at + ".type", $"[{type}] is not an action; use one of " + string.Join(", ", ActionTypes));
        }
    }

    private static LatencyDistribution ReadLatency(JsonElement action, string at)
    {
        var distribution = OptionalString(action, "distribution", at + ".distribution") ?? "fixed";
        var max = LatencyDistribution.Max.TotalMilliseconds;
        double Ms(string field) => action.TryGetProperty(field, out var v)
            ? Number(v, at + "." + field, 0, max, $"a number of milliseconds between 0 and {max}")
            : throw Problem(at + "." + field, $"is required for the {distribution} distribution");
        switch (distribution)
        {
            case "fixed":
                return new FixedLatency(Ms("ms"));
            case "uniform":
                var min = Ms("minMs");
                var upper = Ms("maxMs");
                return upper >= min ? new UniformLatency(min, upper) : throw Problem(at + ".maxMs", $"[{upper}] is below minMs [{min}]");
            case "normal":
                return new NormalLatency(Ms("meanMs"), Ms("stdDevMs"));
            case "lognormal":
                var median = Ms("medianMs");
                var sigma = action.TryGetProperty("sigma", out var s)
                    ? Number(s, at + ".sigma", 0, 5, "a number between 0 and 5")
                    : throw Problem(at + ".sigma", "is required for the lognormal distribution");
                return new LogNormalLatency(median, sigma);
            default:
                throw Problem(at + ".distribution", $"[{distribution}] is not a distribution; use fixed, uniform, normal or lognormal");
        }
    }

    private static List<int> Statuses(JsonElement action, string at)
    {
        if (!action.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null)
        {
            throw Problem(at, "is required: an error status such as 429, 500, 502, 503, 504 or 409, or a list of them");
        }

        var values = status.ValueKind == JsonValueKind.Array ? status.EnumerateArray().ToList() : [status];
        if (values.Count == 0)
        {
            throw Problem(at, "must list at least one status");
        }

        return values.Select(v => (int)WholeNumber(v, at, 400, 599, "an error status between 400 and 599")).ToList();
    }

    private static TimeSpan? OptionalSocketTime(JsonElement action, string field, string at, double min) =>
        action.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? SocketTime(value, at + "." + field, min) : null;

    private static TimeSpan SocketTime(JsonElement element, string at, double min) =>
        TimeSpan.FromMilliseconds(Number(element, at, min, MaxSocketMs,
            string.Create(CultureInfo.InvariantCulture, $"a number of milliseconds between {min} and {MaxSocketMs} (30 days)")));

    private static List<long> RequestNumbers(JsonElement element, string at, string what = "request numbers (1 = the first request the route matches)")
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            throw Problem(at, "must be a non-empty array of " + what);
        }

        return element.EnumerateArray().Select(e => WholeNumber(e, at, 1)).ToList();
    }

    private static void Known(JsonElement element, string at, string[] fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Problem(Join(at, property.Name), "is not a known field; the fields here are " + string.Join(", ", fields));
            }
        }
    }

    private static string? OptionalString(JsonElement parent, string property, string at)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw Problem(at, $"[{element.GetRawText()}] must be a string");
    }

    private static double Number(JsonElement element, string at, double min, double max, string expected)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || value < min || value > max)
        {
            throw Problem(at, $"[{element.GetRawText()}] must be {expected}");
        }

        return value;
    }

    private static long WholeNumber(JsonElement element, string at, long min, long max = long.MaxValue, string? expected = null)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value) || value < min || value > max)
        {
            throw Problem(at, $"[{element.GetRawText()}] must be " + (expected ?? $"a whole number of at least {min}"));
        }

        return value;
    }

    private static string Join(string at, string field) => at.Length == 0 ? field : at + "." + field;

    private static FormatException Problem(string at, string problem) =>
        new(at.Length == 0 ? "The fault plan " + problem + "." : $"The fault plan's {at} {problem}.");
}
