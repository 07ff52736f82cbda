using System.Collections.Concurrent;
using System.Globalization;
using ParticipantData.Emulator;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>
/// `contention [--conversations N] [--writers W] [--duration S] [--seed X] [--fault-plan chaos] [--think-ms T] [--strategies a,b]`:
/// the same sequence of logical writes, against the same emulated load, for each strategy in turn; one
/// markdown table, a row per strategy.
/// </summary>
internal static class ContentionBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        ContentionSettings settings;
        try
        {
            settings = ContentionSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n{ContentionSettings.Usage}");
            return 2;
        }

        Console.WriteLine($"contention: {settings}");
        List<StrategyReport> reports = [];
        foreach (var strategy in settings.Strategies)
        {
            Console.Error.WriteLine($"running {strategy} for {settings.Duration.TotalSeconds:0} s ...");
            reports.Add(await RunStrategyAsync(strategy, settings));
        }

        Console.WriteLine();
        Console.WriteLine(StrategyReport.MarkdownHeader);
        foreach (var report in reports)
        {
            Console.WriteLine(report.ToMarkdownRow());
        }

        return 0;
    }

    private static async Task<StrategyReport> RunStrategyAsync(string name, ContentionSettings settings)
    {
        var options = World.Options(settings);
        await using var host = await EmulatorHost.StartAsync(options);
        var conversations = new List<EmulatedConversation>();
        for (var i = 0; i < settings.Conversations; i++)
        {
            conversations.Add(await host.CreateConversationAsync(World.Conversation(settings)));
        }

        await using IWriteStrategy strategy = name switch
        {
            "naive" => new NaiveStrategy(host.BaseUri, host.DefaultClient.ClientId, host.DefaultClient.ClientSecret),
            "sdk-retry" => new SdkRetryStrategy(host.BaseUri, host.DefaultClient.ClientId, host.DefaultClient.ClientSecret),
            "writer" => new WriterStrategy(host.BaseUri, host.DefaultClient.ClientId, host.DefaultClient.ClientSecret, settings.RequestsPerMinute),
            _ => throw new ArgumentException($"unknown strategy '{name}'"),
        };
        if (strategy is RawHttpStrategy raw)
        {
            await raw.LoginAsync();
        }

        var before = World.Counts(host);
        var records = new ConcurrentBag<WriteRecord>();
        var lastWritten = new ConcurrentDictionary<(string Conversation, string Key), string>();
        var stopAt = Environment.TickCount64 + (long)settings.Duration.TotalMilliseconds;
        var writers = new List<Task>();
        for (var c = 0; c < conversations.Count; c++)
        {
            var conversation = conversations[c];
            var customer = conversation.Participants.First(p => p.Purpose == "customer").Id;
            for (var w = 0; w < settings.Writers; w++)
            {
                // The same seed gives every strategy the same think times and values.
                var random = new Random(HashCode.Combine(settings.Seed, c, w));
                var key = World.WriterKey(w);
                writers.Add(Task.Run(async () =>
                {
                    for (var n = 1; Environment.TickCount64 < stopAt; n++)
                    {
                        await Task.Delay(random.Next(settings.ThinkMs / 2, settings.ThinkMs * 3 / 2));
                        if (Environment.TickCount64 >= stopAt)
                        {
                            break;
                        }

                        var value = $"v{n}";
                        lastWritten[(conversation.Id, key)] = value;
                        records.Add(await strategy.WriteAsync(conversation.Id, customer, key, value));
                    }
                }));
            }
        }

        await Task.WhenAll(writers);
        // Let guards act on write-backs that landed at the very end before reading the final state.
        await Task.Delay(settings.Settle);
        var after = World.Counts(host);

        var lost = 0;
        foreach (var ((conversationId, key), value) in lastWritten)
        {
            var final = host.Conversations.First(c => c.Id == conversationId).Participants.First(p => p.Purpose == "customer").Attributes;
            lost += final.TryGetValue(key, out var held) && held == value ? 0 : 1;
        }

        return StrategyReport.From(name, [.. records], lost, after - before, strategy);
    }
}

internal sealed record ContentionSettings(
    int Conversations,
    int Writers,
    TimeSpan Duration,
    int Seed,
    string? FaultPlan,
    int ThinkMs,
    int RequestsPerMinute,
    TimeSpan Settle,
    IReadOnlyList<string> Strategies)
{
    public const string Usage =
        "usage: contention [--conversations 50] [--writers 8] [--duration 20] [--seed 42] [--fault-plan chaos] [--think-ms 1000] " +
        "[--rate-limit 30000] [--settle 3] [--strategies naive,sdk-retry,writer]";

    public static ContentionSettings Parse(string[] args)
    {
        var settings = new ContentionSettings(50, 8, TimeSpan.FromSeconds(20), 42, null, 1000, 30_000, TimeSpan.FromSeconds(3), ["naive", "sdk-retry", "writer"]);
        for (var i = 0; i < args.Length; i++)
        {
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
                "--strategies" => settings with { Strategies = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return settings;
    }

    public override string ToString() =>
        $"{Conversations} conversations × {Writers} writers, {Duration.TotalSeconds:0} s, think {ThinkMs} ms ±50%, seed {Seed}, " +
        $"fault plan {FaultPlan ?? "none"}, rate limit {RequestsPerMinute}/min per client, settle {Settle.TotalSeconds:0} s";
}

internal sealed record StrategyReport(
    string Name,
    int LogicalWrites,
    double SucceededPercent,
    int LostUpdates,
    TimeSpan P50,
    TimeSpan P95,
    TimeSpan P99,
    double RequestsPerWrite,
    long Conflicts,
    long Throttles,
    string Notes)
{
    public const string MarkdownHeader =
        "| strategy | logical writes | succeeded | lost updates | p50 | p95 | p99 | requests / write | 409s received | 429s received | notes |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public static StrategyReport From(string name, WriteRecord[] records, int lost, World.StatusCounts counts, IWriteStrategy strategy)
    {
        var latencies = records.Select(r => r.Latency).Order().ToArray();
        TimeSpan Percentile(double p) => latencies.Length == 0 ? TimeSpan.Zero : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        var notes = $"{counts.WriteBackOverwrites} values overwritten by flow write-back" +
            (strategy is WriterStrategy writer ? $"; ensure: {writer.Ensure.Reads} reads, {writer.Ensure.Events} events, {writer.Ensure.Reapplied} re-applied" : "");
        return new(
            name,
            records.Length,
            records.Length == 0 ? 0 : 100.0 * records.Count(r => r.Succeeded) / records.Length,
            lost,
            Percentile(0.50),
            Percentile(0.95),
            Percentile(0.99),
            records.Length == 0 ? 0 : (double)counts.Requests / records.Length,
            counts.Conflicts,
            counts.Throttles,
            notes);
    }

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {LogicalWrites} | {SucceededPercent:0.0}% | {LostUpdates} | {P50.TotalMilliseconds:0} ms | {P95.TotalMilliseconds:0} ms | {P99.TotalMilliseconds:0} ms | {RequestsPerWrite:0.00} | {Conflicts} | {Throttles} | {Notes} |");
}
