using System.Globalization;
using System.Text.Json;
using ParticipantData.Emulator.Faults.Rules;
using ParticipantData.Emulator.Json;
using static ParticipantData.Emulator.Json.JsonFields;

namespace ParticipantData.Emulator.Faults;

/// <summary>
/// Reads the fault plan JSON (schema in docs/emulator.md) through its DTOs (<see cref="FaultPlanDocument"/>, ...).
/// Every problem is reported with the path of the field and what would be valid, because people write these
/// files by hand.
/// </summary>
internal static class FaultPlanReader
{
    private static readonly string[] PlanFields = ["name", "seed", "rules"];
    private static readonly string[] RuleFields = ["name", "route", "topic", "probability", "every", "burst", "requests", "frames", "afterMs", "limit", "action"];
    private static readonly string[] ActionTypes = ["status", "latency", "reset", "revokeToken", "dropSocket", "closeSocket", "stopHeartbeats", "expireChannel", "evictChannel"];
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
            throw new FormatException("The fault plan is not valid JSON: " + JsonBody.Describe(ex), ex);
        }

        using (document)
        {
            try
            {
                return ReadPlan(document.RootElement);
            }
            catch (JsonFieldException problem)
            {
                throw new FormatException(Sentence(problem), problem);
            }
        }
    }

    private static FaultPlan ReadPlan(JsonElement root)
    {
        if (JsonBody.FindInvalidString(root) is { } where)
        {
            throw new FormatException($"The fault plan holds a string that is not valid Unicode ({where}): a lone UTF-16 surrogate escape such as \"\\ud800\".");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Problem("", "must be a JSON object: {\"seed\": 1, \"rules\": [...]}");
        }

        KnownFields(root, "", PlanFields);
        var plan = Read(root, DocumentJsonContext.Default.FaultPlanDocument);
        var name = OptionalString(plan.Name, "name");
        int? seed = HasValue(plan.Seed) ? Int32(plan.Seed, "seed") : null;
        if (plan.Rules.ValueKind != JsonValueKind.Array)
        {
            throw Problem("rules", "is required: an array of rules, e.g. [{\"route\": \"/api/**\", \"probability\": 0.1, \"action\": {\"type\": \"status\", \"status\": 503}}]");
        }

        var rules = plan.Rules.EnumerateArray().Select((rule, index) => ReadRule(rule, $"rules[{index}]", index)).ToList();
        return new FaultPlan(name, seed, rules);
    }

    private static FaultRule ReadRule(JsonElement element, string at, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Problem(at, "must be an object with a route, an optional probability/every/requests and an action");
        }

        KnownFields(element, at, RuleFields);
        var rule = Read(element, DocumentJsonContext.Default.FaultRuleDocument);
        var name = OptionalString(rule.Name, at + ".name") ?? "rule" + (index + 1).ToString(CultureInfo.InvariantCulture);
        var routeText = OptionalString(rule.Route, at + ".route")
            ?? throw Problem(at + ".route", "is required, e.g. \"PATCH /api/v2/conversations/*/participants/*/attributes\", \"/oauth/token\" or \"/api/**\"");
        var route = RoutePattern.TryParse(routeText, out var routeProblem) ?? throw Problem(at + ".route", routeProblem!);

        (string Name, JsonElement Value)[] given =
            [("probability", rule.Probability), ("every", rule.Every), ("requests", rule.Requests), ("frames", rule.Frames), ("afterMs", rule.AfterMs)];
        var triggers = given.Where(t => HasValue(t.Value)).ToList();
        if (triggers.Count > 1)
        {
            throw Problem(at, $"has both {triggers[0].Name} and {triggers[1].Name}: give one of probability, every, requests, frames or afterMs (none = every matching request or frame)");
        }

        if (HasValue(rule.Burst) && !HasValue(rule.Every))
        {
            throw Problem(at + ".burst", "only goes with every (every N requests, a burst of B)");
        }

        FaultTrigger trigger = triggers.Select(t => t.Name).FirstOrDefault() switch
        {
            "probability" => new ProbabilityTrigger(Number(rule.Probability, at + ".probability", 0, 1, "a probability between 0 and 1")),
            "every" => new EveryTrigger(
                WholeNumber(rule.Every, at + ".every", 1),
                HasValue(rule.Burst) ? WholeNumber(rule.Burst, at + ".burst", 1) : 1),
            "requests" => new RequestsTrigger(Numbers(rule.Requests, at + ".requests", "request numbers (1 = the first request the route matches)")),
            "frames" => new FramesTrigger(Numbers(rule.Frames, at + ".frames", "frame numbers (1 = the first frame the rule counts on a channel)")),
            "afterMs" => new AfterConnectTrigger(SocketTime(rule.AfterMs, at + ".afterMs", 0)),
            _ => new ProbabilityTrigger(1),
        };
        if (trigger is EveryTrigger { Burst: var b, Every: var n } && b > n)
        {
            throw Problem(at + ".burst", $"[{b}] is longer than every [{n}]: a burst must fit between two starts");
        }

        long? limit = HasValue(rule.Limit) ? WholeNumber(rule.Limit, at + ".limit", 1) : null;
        if (!IsPresent(rule.Action))
        {
            throw Problem(at + ".action", "is required: {\"type\": \"status\"|\"latency\"|\"reset\"|\"revokeToken\"|\"dropSocket\"|..., ...}");
        }

        var action = ReadAction(rule.Action, at + ".action");
        var topicText = OptionalString(rule.Topic, at + ".topic");
        if (action is SocketAction)
        {
            CheckSocketRule(at, routeText, route, trigger, action, topicText);
        }
        else
        {
            foreach (var (field, value) in (ReadOnlySpan<(string, JsonElement)>)[("frames", rule.Frames), ("afterMs", rule.AfterMs), ("topic", rule.Topic)])
            {
                if (HasValue(value))
                {
                    throw Problem(at + "." + field, $"only goes with a socket action ({SocketActions}); a {action.Type} rule acts on requests");
                }
            }
        }

        TopicPattern? topic = null;
        if (topicText is not null)
        {
            topic = TopicPattern.TryParse(topicText, out var topicProblem) ?? throw Problem(at + ".topic", topicProblem!);
        }

        return new FaultRule(name, route, trigger, action, limit, topic);
    }

    private static void CheckSocketRule(string at, string routeText, RoutePattern route, FaultTrigger trigger, FaultAction action, string? topicText)
    {
        if (!route.CanMatchSocket)
        {
            throw Problem(at + ".route", $"[{routeText}] does not match the notification WebSocket: a {action.Type} rule acts on open sockets, so its route is \"/channels/*\" (or one channel's \"/channels/{{channelId}}\")");
        }

        if (trigger is RequestsTrigger)
        {
            throw Problem(at + ".requests", $"numbers requests, but a {action.Type} rule counts the frames sent on a socket: use frames, every, probability or afterMs");
        }

        if (topicText is not null && trigger is AfterConnectTrigger)
        {
            throw Problem(at + ".topic", "filters the frames a rule counts, and an afterMs rule counts no frames: drop one of them");
        }
    }

    private static FaultAction ReadAction(JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Problem(at, "must be an object: {\"type\": \"status\"|\"latency\"|\"reset\"|\"revokeToken\"|\"dropSocket\"|..., ...}");
        }

        var action = Read(element, DocumentJsonContext.Default.FaultActionDocument);
        var type = OptionalString(action.Type, at + ".type");
        switch (type)
        {
            case "status":
                KnownFields(element, at, ["type", "status", "retryAfterSeconds", "code", "message"]);
                return new StatusAction(
                    Statuses(action.Status, at + ".status"),
                    HasValue(action.RetryAfterSeconds) ? (int)WholeNumber(action.RetryAfterSeconds, at + ".retryAfterSeconds", 0, int.MaxValue) : null,
                    OptionalString(action.Code, at + ".code"),
                    OptionalString(action.Message, at + ".message"));
            case "latency":
                KnownFields(element, at, ["type", "distribution", "ms", "minMs", "maxMs", "meanMs", "stdDevMs", "medianMs", "sigma"]);
                return new LatencyAction(ReadLatency(action, at));
            case "reset":
                KnownFields(element, at, ["type"]);
                return new ResetAction();
            case "revokeToken":
                KnownFields(element, at, ["type"]);
                return new RevokeTokenAction();
            case "dropSocket":
                KnownFields(element, at, ["type"]);
                return new DropSocketAction();
            case "closeSocket":
                KnownFields(element, at, ["type", "delayMs"]);
                return new CloseSocketAction(HasValue(action.DelayMs) ? SocketTime(action.DelayMs, at + ".delayMs", 0) : null);
            case "stopHeartbeats":
                KnownFields(element, at, ["type", "durationMs"]);
                return new StopHeartbeatsAction(HasValue(action.DurationMs) ? SocketTime(action.DurationMs, at + ".durationMs", 1) : null);
            case "expireChannel":
                KnownFields(element, at, ["type"]);
                return new ExpireChannelAction();
            case "evictChannel":
                KnownFields(element, at, ["type"]);
                return new EvictChannelAction();
            case null:
                throw Problem(at + ".type", "is required: one of " + string.Join(", ", ActionTypes));
            default:
                throw Problem(at + ".type", $"[{type}] is not an action; use one of " + string.Join(", ", ActionTypes));
        }
    }

    private static LatencyDistribution ReadLatency(FaultActionDocument action, string at)
    {
        var distribution = OptionalString(action.Distribution, at + ".distribution") ?? "fixed";
        var max = LatencyDistribution.Max.TotalMilliseconds;
        double Ms(JsonElement value, string field) => IsPresent(value)
            ? Number(value, at + "." + field, 0, max, $"a number of milliseconds between 0 and {max}")
            : throw Problem(at + "." + field, $"is required for the {distribution} distribution");
        switch (distribution)
        {
            case "fixed":
                return new FixedLatency(Ms(action.Ms, "ms"));
            case "uniform":
                var min = Ms(action.MinMs, "minMs");
                var upper = Ms(action.MaxMs, "maxMs");
                return upper >= min ? new UniformLatency(min, upper) : throw Problem(at + ".maxMs", $"[{upper}] is below minMs [{min}]");
            case "normal":
                return new NormalLatency(Ms(action.MeanMs, "meanMs"), Ms(action.StdDevMs, "stdDevMs"));
            case "lognormal":
                var median = Ms(action.MedianMs, "medianMs");
                var sigma = IsPresent(action.Sigma)
                    ? Number(action.Sigma, at + ".sigma", 0, 5, "a number between 0 and 5")
                    : throw Problem(at + ".sigma", "is required for the lognormal distribution");
                return new LogNormalLatency(median, sigma);
            default:
                throw Problem(at + ".distribution", $"[{distribution}] is not a distribution; use fixed, uniform, normal or lognormal");
        }
    }

    private static List<int> Statuses(JsonElement status, string at)
    {
        if (!HasValue(status))
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

    private static TimeSpan SocketTime(JsonElement element, string at, double min) =>
        TimeSpan.FromMilliseconds(Number(element, at, min, MaxSocketMs,
            string.Create(CultureInfo.InvariantCulture, $"a number of milliseconds between {min} and {MaxSocketMs} (30 days)")));

    private static List<long> Numbers(JsonElement element, string at, string what)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            throw Problem(at, "must be a non-empty array of " + what);
        }

        return element.EnumerateArray().Select(e => WholeNumber(e, at, 1)).ToList();
    }

    /// <summary><c>The fault plan's rules[0].every [0] must be a whole number of at least 1.</c></summary>
    private static string Sentence(JsonFieldException problem)
    {
        var what = problem.Value is null ? problem.Problem : $"[{problem.Value}] {problem.Problem}";
        return problem.Path.Length == 0 ? "The fault plan " + what + "." : $"The fault plan's {problem.Path} {what}.";
    }
}
