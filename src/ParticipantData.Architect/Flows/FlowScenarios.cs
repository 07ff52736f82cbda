using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Flows;

/// <summary>What a scenario expects of a run; null members are not checked.</summary>
public sealed record FlowExpectation
{
    /// <summary><c>transferred</c>, <c>disconnected</c>, <c>ended</c> or <c>error</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>The queue Transfer to ACD must choose.</summary>
    public string? Queue { get; init; }

    /// <summary>The priority the transfer must give.</summary>
    public long? Priority { get; init; }

    /// <summary>The skills the transfer must request (in any order).</summary>
    public IReadOnlyList<string>? Skills { get; init; }

    /// <summary>Participant attributes the conversation must hold after the run.</summary>
    /// <value>Default: empty (none checked).</value>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Flow variables and the text of their final values.</summary>
    /// <value>Default: empty (none checked).</value>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Action name → the path it must take (<c>yes</c>, <c>case 2</c>, <c>default</c>, <c>success</c>, <c>timeout</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Paths { get; init; } = new Dictionary<string, string>();

    /// <summary>Attributes the voice-flow write-back must overwrite (a value written from outside that the flow's copy replaced).</summary>
    public IReadOnlyList<string>? Overwritten { get; init; }
}

/// <summary>One scenario of a <c>pdata flow test</c> file: inputs, data action answers, expectations.</summary>
public sealed record FlowScenario
{
    /// <summary>The scenario's name, shown in the report and JUnit.</summary>
    public required string Name { get; init; }

    /// <summary><c>Call.Ani</c>, or null for NOT_SET.</summary>
    public string? Ani { get; init; }

    /// <summary><c>Call.CalledAddress</c>, or null for NOT_SET.</summary>
    public string? Dnis { get; init; }

    /// <summary>The conversation id the flow sees, or null for NOT_SET.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The participant attributes the conversation holds when the flow starts.</summary>
    /// <value>Default: empty.</value>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Attributes written from outside while the flow runs (to show the voice-flow write-back), or null.</summary>
    public IReadOnlyDictionary<string, string>? ChangesDuringFlow { get; init; }

    /// <summary>Values for flow variables, set after the declared initial values.</summary>
    /// <value>Default: none.</value>
    public IReadOnlyList<VariableAssignment> Variables { get; init; } = [];

    /// <summary>Data action name → the scripted answer.</summary>
    /// <value>Default: none.</value>
    public IReadOnlyDictionary<string, ScriptedResponse> Responses { get; init; } = new Dictionary<string, ScriptedResponse>();

    /// <summary>Data actions this scenario sends to their real endpoint.</summary>
    public IReadOnlySet<string> RealEndpoint { get; init; } = new HashSet<string>();

    /// <summary>What the run must do.</summary>
    /// <value>Default: nothing checked.</value>
    public FlowExpectation Expect { get; init; } = new();
}

/// <summary>An expectation that did not hold, and the step of the run where it diverged (null: the run never got there).</summary>
public sealed record ExpectationFailure(string Expectation, string Expected, string Actual, int? Step, string Message);

/// <summary>One scenario run against its expectations.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Run">The run, with its trace and outcome.</param>
/// <param name="Failures">The expectations that did not hold; empty when it passed.</param>
/// <param name="Elapsed">How long the run took.</param>
public sealed record FlowScenarioResult(FlowScenario Scenario, FlowRunResult Run, IReadOnlyList<ExpectationFailure> Failures, TimeSpan Elapsed)
{
    /// <summary>Every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>A scenarios file (format: docs/architect.md, Flows): <c>scenarios: [{name, ani, attributes, dataActions, expect}, …]</c>.</summary>
public sealed class FlowScenarioSet
{
    private static readonly string[] ScenarioKeys = ["name", "ani", "dnis", "conversationId", "attributes", "changesDuringFlow", "variables", "dataActions", "expect"];
    private static readonly string[] ExpectKeys = ["outcome", "queue", "priority", "skills", "attributes", "variables", "paths", "overwritten"];

    private FlowScenarioSet(IReadOnlyList<FlowScenario> scenarios) => Scenarios = scenarios;

    /// <summary>The scenarios, in file order.</summary>
    public IReadOnlyList<FlowScenario> Scenarios { get; }

    /// <exception cref="FlowLoadException">The file is not a scenarios file (with line and column).</exception>
    public static FlowScenarioSet Parse(string yaml, string sourceName)
    {
        var reader = new YamlReading(sourceName);
        var root = reader.LoadRoot(yaml, "a mapping with 'scenarios:', a list of scenarios");
        var list = reader.OptionalSequence(root, "scenarios") ?? throw reader.Error(root, "expected 'scenarios:', a list of scenarios.");
        var scenarios = list.Children.Select(n => Scenario(reader, reader.Map(n, "a scenario"))).ToList();
        if (scenarios.Count == 0)
        {
            throw reader.Error(root, "'scenarios' is empty: give at least one scenario.");
        }

        var duplicate = scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? new FlowScenarioSet(scenarios) : throw reader.Error(list, $"two scenarios are named '{duplicate.Key}': give each its own name.");
    }

    /// <summary>Runs one scenario on <paramref name="flow"/> (real-endpoint actions through <paramref name="http"/>) and checks its expectations.</summary>
    public static async Task<FlowScenarioResult> RunAsync(FlowScenario scenario, Flow flow, DataActionCatalog catalog, HttpClient? http, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var data = new InMemoryParticipantData(scenario.Attributes) { ChangesDuringFlow = scenario.ChangesDuringFlow };
        var input = new FlowRunInput
        {
            ParticipantData = data,
            DataActions = new ScenarioDataActionEndpoint
            {
                Responses = scenario.Responses,
                RealEndpoint = scenario.RealEndpoint,
                Http = http is null ? null : new HttpDataActionEndpoint(http, time),
            },
            Ani = scenario.Ani,
            Dnis = scenario.Dnis,
            ConversationId = scenario.ConversationId,
            Variables = scenario.Variables,
        };
        var run = await new FlowSimulator(flow, catalog, time).RunAsync(input, cancellationToken).ConfigureAwait(false);
        return new FlowScenarioResult(scenario, run, Check(scenario.Expect, run), time.GetElapsedTime(started));
    }

    internal static List<ExpectationFailure> Check(FlowExpectation expect, FlowRunResult run)
    {
        var failures = new List<ExpectationFailure>();
        var last = run.Steps.Count == 0 ? (int?)null : run.Steps[^1].Number;
        void Fail(string what, string expected, string actual, int? step)
        {
            var at = step is { } n ? $" (diverged at step {n}: {Describe(run.Steps[n - 1])})" : "";
            failures.Add(new ExpectationFailure(what, expected, actual, step, $"{what}: expected {expected}, got {actual}{at}"));
        }

        if (expect.Outcome is { } outcome && !string.Equals(outcome, run.Outcome.Kind.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            Fail("outcome", outcome, $"{run.Outcome.Kind.ToString().ToLowerInvariant()} ({run.Outcome.Description})", last);
        }

        if (expect.Queue is { } queue && !string.Equals(queue, run.Outcome.Queue, StringComparison.Ordinal))
        {
            Fail("queue", $"'{queue}'", run.Outcome.Queue is null ? $"no transfer ({run.Outcome.Description})" : $"'{run.Outcome.Queue}'", last);
        }

        if (expect.Priority is { } priority && priority != run.Outcome.Priority)
        {
            Fail("priority", priority.ToString(CultureInfo.InvariantCulture), run.Outcome.Priority?.ToString(CultureInfo.InvariantCulture) ?? "no transfer", last);
        }

        if (expect.Skills is { } skills && !skills.SequenceEqual(run.Outcome.Skills ?? [], StringComparer.Ordinal))
        {
            Fail("skills", $"[{string.Join(", ", skills)}]", $"[{string.Join(", ", run.Outcome.Skills ?? [])}]", last);
        }

        foreach (var (action, path) in expect.Paths)
        {
            var steps = run.Steps.Where(s => string.Equals(s.Action, action, StringComparison.Ordinal)).ToList();
            if (steps.Count == 0)
            {
                Fail($"path of '{action}'", $"'{path}'", "the run never reached it", last);
            }
            else if (!steps.Any(s => string.Equals(s.Path, path, StringComparison.OrdinalIgnoreCase)))
            {
                Fail($"path of '{action}'", $"'{path}'", $"'{steps[0].Path}'", steps[0].Number);
            }
        }

        foreach (var (name, value) in expect.Attributes)
        {
            var actual = run.Attributes is { } a && a.TryGetValue(name, out var v) ? v : null;
            if (!string.Equals(actual, value, StringComparison.Ordinal))
            {
                var writer = run.Steps.LastOrDefault(s => s.Written.Any(w => string.Equals(w.Name, name, StringComparison.Ordinal)));
                Fail($"participant data {name}", $"'{value}'", actual is null ? "absent" : $"'{actual}'", writer?.Number ?? last);
            }
        }

        foreach (var (name, value) in expect.Variables)
        {
            var actual = run.Variables.TryGetValue(name, out var v) ? v : "undeclared";
            if (!string.Equals(actual, value, StringComparison.Ordinal))
            {
                var changer = run.Steps.LastOrDefault(s => s.Variables.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)));
                Fail($"variable {name}", $"'{value}'", $"'{actual}'", changer?.Number ?? last);
            }
        }

        if (expect.Overwritten is { } overwritten)
        {
            var actual = run.WriteBacks.Where(w => w.Overwrote).Select(w => w.Attribute).Order(StringComparer.Ordinal).ToList();
            if (!overwritten.Order(StringComparer.Ordinal).SequenceEqual(actual, StringComparer.Ordinal))
            {
                Fail("write-back overwrote", $"[{string.Join(", ", overwritten)}]", $"[{string.Join(", ", actual)}]", last);
            }
        }

        return failures;
    }

    private static string Describe(FlowStep step) => $"{step.Kind} '{step.Action}'" + (step.Path is null ? "" : $" took '{step.Path}'");

    private static FlowScenario Scenario(YamlReading reader, YamlMappingNode map)
    {
        CheckKeys(reader, map, ScenarioKeys, "a scenario");
        var name = reader.OptionalScalar(map, "name") ?? throw reader.Error(map, "a scenario needs a name.");
        var responses = new Dictionary<string, ScriptedResponse>(StringComparer.Ordinal);
        var real = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in (IEnumerable<KeyValuePair<YamlNode, YamlNode>>?)reader.OptionalMap(map, "dataActions")?.Children ?? [])
        {
            var action = reader.Scalar(k, "dataActions");
            var answer = reader.Map(v, action);
            CheckKeys(reader, answer, ["status", "body", "delayMs", "timeout", "endpoint"], $"the answer of '{action}'");
            if (reader.OptionalScalar(answer, "endpoint") is { } endpoint)
            {
                real.Add(endpoint == "real" ? action : throw reader.Error(answer, $"endpoint: is 'real' (call the action's real endpoint), not '{endpoint}'."));
                continue;
            }

            var timeout = reader.OptionalScalar(answer, "timeout") is "true";
            var status = timeout ? 200 : Integer(reader, answer, "status") ?? 200;
            var delay = timeout ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(Integer(reader, answer, "delayMs") ?? 0);
            var body = YamlReading.Get(answer, "body") is { } b ? (b is YamlScalarNode s ? s.Value ?? "" : ToJson(reader, b)!.ToJsonString()) : "{}";
            responses[action] = new ScriptedResponse((int)status, body, delay);
        }

        return new FlowScenario
        {
            Name = name,
            Ani = reader.OptionalScalar(map, "ani"),
            Dnis = reader.OptionalScalar(map, "dnis"),
            ConversationId = reader.OptionalScalar(map, "conversationId"),
            Attributes = Strings(reader, map, "attributes") ?? new Dictionary<string, string>(),
            ChangesDuringFlow = Strings(reader, map, "changesDuringFlow"),
            Variables = (Strings(reader, map, "variables") ?? new Dictionary<string, string>())
                .Select(p => VariableAssignments.TryParse($"{p.Key}={p.Value}", out var a, out var error) ? a : throw reader.Error(map, $"variables: {error}"))
                .ToList(),
            Responses = responses,
            RealEndpoint = real,
            Expect = reader.OptionalMap(map, "expect") is { } expect ? Expectation(reader, expect) : new FlowExpectation(),
        };
    }

    private static FlowExpectation Expectation(YamlReading reader, YamlMappingNode map)
    {
        CheckKeys(reader, map, ExpectKeys, "expect");
        var outcome = reader.OptionalScalar(map, "outcome");
        if (outcome is not null && !Enum.TryParse<FlowOutcomeKind>(outcome, ignoreCase: true, out _))
        {
            throw reader.Error(YamlReading.Get(map, "outcome")!, $"outcome is transferred, disconnected, ended or error, not '{outcome}'.");
        }

        return new FlowExpectation
        {
            Outcome = outcome,
            Queue = reader.OptionalScalar(map, "queue"),
            Priority = Integer(reader, map, "priority"),
            Skills = reader.OptionalSequence(map, "skills")?.Children.Select(n => reader.Scalar(n, "skills")).ToList(),
            Attributes = Strings(reader, map, "attributes") ?? new Dictionary<string, string>(),
            Variables = Strings(reader, map, "variables") ?? new Dictionary<string, string>(),
            Paths = Strings(reader, map, "paths") ?? new Dictionary<string, string>(),
            Overwritten = reader.OptionalSequence(map, "overwritten")?.Children.Select(n => reader.Scalar(n, "overwritten")).ToList(),
        };
    }

    private static long? Integer(YamlReading reader, YamlMappingNode map, string key) =>
        reader.OptionalScalar(map, key) is { } text
            ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw reader.Error(YamlReading.Get(map, key)!, $"{key} must be a whole number, not '{text}'.")
            : null;

    private static Dictionary<string, string>? Strings(YamlReading reader, YamlMappingNode map, string key) =>
        reader.OptionalMap(map, key)?.Children.ToDictionary(p => reader.Scalar(p.Key, key), p => reader.Scalar(p.Value, key), StringComparer.Ordinal);

    private static void CheckKeys(YamlReading reader, YamlMappingNode map, string[] allowed, string what)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = reader.Scalar(key, what);
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw reader.Error(key, $"'{name}' is not a key of {what}; expected one of {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <summary>A YAML body written as YAML (a mapping or list) becomes JSON; plain scalars that look like numbers, booleans or null keep that type.</summary>
    private static JsonNode? ToJson(YamlReading reader, YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(p => KeyValuePair.Create(reader.Scalar(p.Key, "body"), ToJson(reader, p.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(c => ToJson(reader, c)).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } n when decimal.TryParse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) =>
            n.Value!.Contains('.', StringComparison.Ordinal) || n.Value.Contains('e', StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(d) : JsonValue.Create((long)d),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        _ => null,
    };
}
