using System.Globalization;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>The contention benchmark's scenarios and options; a scenario sets defaults, options override them.</summary>
internal sealed record ContentionSettings(
    string Scenario,
    int Conversations,
    int Writers,
    TimeSpan Duration,
    int Seed,
    string? FaultPlan,
    int ThinkMs,
    int RequestsPerMinute,
    TimeSpan Settle,
    bool OpenLoop,
    double CallsPerSecond,
    IReadOnlyList<string> Strategies,
    WriterMode WriterMode = WriterMode.EnsureByEvents)
{
    public const string Usage =
        "usage: contention [--scenario default|budget|call-start|all] [--conversations 50] [--writers 8] [--duration 20] [--seed 42] [--fault-plan chaos] " +
        "[--think-ms 1000] [--rate-limit 30000] [--settle 3] [--open-loop] [--calls-per-second 4] [--writer-verify none|ensure] [--strategies naive,sdk-retry,writer]\n" +
        "scenarios: default (50 calls x 8 writers, 20 s, limit raised to 30000/min), budget (10 calls x 8 writers, 30 s, the platform's 300/min, " +
        "writers that do not wait for each other), call-start (4 calls a second for 60 s, loyalty_tier written as each enters the IVR, 300/min), " +
        "all (the three, one after the other)";

    public static readonly string[] Scenarios = ["default", "budget", "call-start"];

    public static ContentionSettings Preset(string scenario) => scenario switch
    {
        "default" => new("default", 50, 8, TimeSpan.FromSeconds(20), 42, null, 1000, 30_000, TimeSpan.FromSeconds(3), false, 0, ["naive", "sdk-retry", "writer"]),
        "budget" => new("budget", 10, 8, TimeSpan.FromSeconds(30), 3, null, 1000, 300, TimeSpan.FromSeconds(3), true, 0, ["naive", "writer"]),
        "call-start" => new("call-start", 0, 1, TimeSpan.FromSeconds(60), 3, null, 0, 300, TimeSpan.FromSeconds(3), true, 4, ["naive", "writer"], WriterMode.None),
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (known: {string.Join(", ", Scenarios)}, all)"),
    };

    /// <summary>The scenarios the command line asks for, each with its preset overridden by the options given.</summary>
    public static IReadOnlyList<ContentionSettings> Parse(string[] args)
    {
        var scenario = "default";
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--scenario")
            {
                scenario = args[i + 1];
            }
        }

        var names = scenario == "all" ? Scenarios : [scenario];
        return [.. names.Select(name => Override(Preset(name), args))];
    }

    private static ContentionSettings Override(ContentionSettings settings, string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scenario")
            {
                i++; // chose the preset
                continue;
            }

            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
            settings = args[i] switch
            {
                "--conversations" => settings with { Conversations = Int() },
                "--writers" => settings with { Writers = Int() },
                "--duration" => settings with { Duration = TimeSpan.FromSeconds(Int()) },
                "--seed" => settings with { Seed = Int() },
                "--fault-plan" => settings with { FaultPlan = Next() },
                "--think-ms" => settings with { ThinkMs = Int() },
                "--rate-limit" => settings with { RequestsPerMinute = Int() },
                "--settle" => settings with { Settle = TimeSpan.FromSeconds(Int()) },
                "--open-loop" => settings with { OpenLoop = true },
                "--writer-verify" => settings with
                {
                    WriterMode = Next() switch
                    {
                        "none" => WriterMode.None,
                        "ensure" => WriterMode.EnsureByEvents,
                        var other => throw new ArgumentException($"--writer-verify takes none or ensure, not '{other}'"),
                    },
                },
                "--calls-per-second" => settings with { CallsPerSecond = Int() },
                "--strategies" => settings with { Strategies = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return settings;
    }

    public override string ToString() => Scenario == "call-start"
        ? $"call-start: {CallsPerSecond:0.##} calls a second for {Duration.TotalSeconds:0} s, loyalty_tier written as each enters the IVR, seed {Seed}, " +
          $"fault plan {FaultPlan ?? "none"}, rate limit {RequestsPerMinute}/min per client, writer verify {WriterMode}"
        : $"{Scenario}: {Conversations} conversations × {Writers} writers, {Duration.TotalSeconds:0} s, think {ThinkMs} ms ±50%{(OpenLoop ? " (open loop: a write does not wait for the previous one)" : "")}, seed {Seed}, " +
          $"fault plan {FaultPlan ?? "none"}, rate limit {RequestsPerMinute}/min per client, settle {Settle.TotalSeconds:0} s, writer verify {WriterMode}";
}
