using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Faults.Rules;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator;

/// <summary>
/// A seeded, deterministic set of faults per route: error statuses (429 with Retry-After, 5xx, 409), added
/// latency, connection resets and token revocation; and on open notification sockets, dropped sockets,
/// <c>socket_closing</c>, stopped heartbeats, channel expiry and eviction. Each rule numbers the requests its
/// route matches (a socket rule, the frames sent on each channel); whether request N fires depends only on the
/// seed, the rule and N, so the same seed and the same requests per route give the same faults. Written as JSON
/// (schema in docs/emulator.md), or built in: <see cref="Chaos"/>.
/// </summary>
public sealed class FaultPlan
{
    internal FaultPlan(string? name, int? seed, IReadOnlyList<FaultRule> rules)
    {
        Name = name;
        Seed = seed;
        Rules = rules;
    }

    /// <summary>The name the plan gives itself (<c>chaos</c> for the built-in one); null for none.</summary>
    public string? Name { get; }

    /// <summary>The plan's seed; null uses <see cref="EmulatorOptions.Seed"/>.</summary>
    public int? Seed { get; }

    /// <summary>The names <see cref="BuiltIn"/> knows: <c>chaos</c>.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = ["chaos"];

    internal IReadOnlyList<FaultRule> Rules { get; }

    /// <summary>
    /// The benchmark's chaos on every <c>/api/**</c> request: one token revocation (request 1000), bursts of ten
    /// <c>429</c>s with <c>Retry-After: 2</c> (requests 250–259, 500–509, ...), 5 % connection resets and 10 %
    /// 5xx (500, 502, 503, 504 alike). The exact JSON is in docs/emulator.md.
    /// </summary>
    public static FaultPlan Chaos(int seed = 0) => FaultPlanReader.Parse($$"""
        {
          "name": "chaos",
          "seed": {{seed}},
          "rules": [
            { "name": "token-revocation", "route": "/api/**", "requests": [1000], "action": { "type": "revokeToken" } },
            { "name": "429-bursts", "route": "/api/**", "every": 250, "burst": 10, "action": { "type": "status", "status": 429, "retryAfterSeconds": 2 } },
            { "name": "connection-resets", "route": "/api/**", "probability": 0.05, "action": { "type": "reset" } },
            { "name": "5xx", "route": "/api/**", "probability": 0.10, "action": { "type": "status", "status": [500, 502, 503, 504] } }
          ]
        }
        """);

    /// <summary>A built-in plan by name (see <see cref="BuiltInNames"/>).</summary>
    /// <exception cref="ArgumentException">No built-in plan has that name; the message lists the names.</exception>
    public static FaultPlan BuiltIn(string name, int seed = 0) => name switch
    {
        "chaos" => Chaos(seed),
        _ => throw new ArgumentException($"There is no built-in fault plan [{name}]; the built-in plans are: {string.Join(", ", BuiltInNames)}.", nameof(name)),
    };

    /// <summary>Reads a plan from its JSON form.</summary>
    /// <exception cref="FormatException">The JSON is malformed or not a valid plan; the message names the field and what is wrong.</exception>
    public static FaultPlan Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FaultPlanReader.Parse(json);
    }

    /// <summary>The plan's JSON form, which <see cref="Parse"/> reads back.</summary>
    public string ToJson() => FaultPlanWriter.ToJson(this).ToJsonString(EmulatorJsonContext.Default.Options);

    /// <summary>A copy with another seed.</summary>
    public FaultPlan WithSeed(int? seed) => new(Name, seed, Rules);

    /// <summary>The plan's name, or a count of its rules.</summary>
    public override string ToString() => Name ?? $"fault plan ({Rules.Count} rules)";
}
