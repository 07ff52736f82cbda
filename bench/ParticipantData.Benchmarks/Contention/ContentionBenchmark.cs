using System.Collections.Concurrent;
using System.Globalization;
using ParticipantData.Emulator;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>
/// `contention [--scenario default|budget|call-start|all] [options]`: the same sequence of logical writes, against
/// the same emulated load, for each strategy in turn; a markdown table per scenario, a row per strategy, and the
/// issue's targets checked at the end. Scenarios run one after the other, never at once.
/// </summary>
internal static class ContentionBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        IReadOnlyList<ContentionSettings> scenarios;
        try
        {
            scenarios = ContentionSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n{ContentionSettings.Usage}");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"contention on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        var targets = new List<TargetCheck>();
        foreach (var settings in scenarios)
        {
            Console.WriteLine();
            Console.WriteLine($"contention {settings}");
            if (settings.Scenario == "call-start")
            {
                var rows = new List<CallStartReport>();
                foreach (var strategy in settings.Strategies)
                {
                    Console.Error.WriteLine($"running {settings.Scenario} / {strategy} ...");
                    rows.Add(await CallStartBenchmark.RunAsync(strategy, settings));
                }

                Console.WriteLine();
                Console.WriteLine(CallStartReport.MarkdownHeader);
                rows.ForEach(r => Console.WriteLine(r.ToMarkdownRow()));
                targets.AddRange(TargetCheck.ForCallStart(rows));
            }
            else
            {
                var rows = new List<StrategyReport>();
                foreach (var strategy in settings.Strategies)
                {
                    Console.Error.WriteLine($"running {settings.Scenario} / {strategy} for {settings.Duration.TotalSeconds:0} s ...");
                    rows.Add(await RunStrategyAsync(strategy, settings));
                }

                Console.WriteLine();
                Console.WriteLine(StrategyReport.MarkdownHeader);
                rows.ForEach(r => Console.WriteLine(r.ToMarkdownRow()));
                targets.AddRange(settings.Scenario == "budget" ? TargetCheck.ForBudget(rows) : settings.FaultPlan is null ? TargetCheck.ForDefault(rows) : []);
            }
        }

        if (targets.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine(TargetCheck.MarkdownHeader);
            targets.ForEach(t => Console.WriteLine(t.ToMarkdownRow()));
        }

        return targets.All(t => t.Met) ? 0 : 1;
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

        await using var strategy = Strategies.Create(name, host, settings.RequestsPerMinute, settings.WriterMode);
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
                    var outstanding = new List<Task>();
                    for (var n = 1; Environment.TickCount64 < stopAt; n++)
                    {
                        await Task.Delay(random.Next(settings.ThinkMs / 2, settings.ThinkMs * 3 / 2));
                        if (Environment.TickCount64 >= stopAt)
                        {
                            break;
                        }

                        var value = $"v{n}";
                        lastWritten[(conversation.Id, key)] = value;
                        var write = Record(strategy.WriteAsync(conversation.Id, customer, key, value), records);
                        if (settings.OpenLoop)
                        {
                            outstanding.Add(write); // the next value comes on its own schedule (a CRM pushing updates)
                        }
                        else
                        {
                            await write;
                        }
                    }

                    await Task.WhenAll(outstanding);
                }));
            }
        }

        await Task.WhenAll(writers);
        // Let Ensure act on write-backs that landed at the very end before reading the final state.
        await Task.Delay(settings.Settle);
        var after = World.Counts(host);
        if (Environment.GetEnvironmentVariable("PDATA_BENCH_JOURNAL") is not null)
        {
            using var http = new HttpClient();
            var journal = await http.GetStringAsync(new Uri(host.BaseUri, "/emulator/v1/requests?pageSize=100000"));
            await File.WriteAllTextAsync($"/tmp/journal-{name}.json", journal);
        }

        var lost = 0;
        foreach (var ((conversationId, key), value) in lastWritten)
        {
            var final = host.Conversations.First(c => c.Id == conversationId).Participants.First(p => p.Purpose == "customer").Attributes;
            lost += final.TryGetValue(key, out var held) && held == value ? 0 : 1;
        }

        return StrategyReport.From(name, [.. records], lost, after - before, strategy);
    }

    private static async Task Record(Task<WriteRecord> write, ConcurrentBag<WriteRecord> records) => records.Add(await write);
}

internal sealed record StrategyReport(
    string Name,
    int LogicalWrites,
    double SucceededPercent,
    int LostUpdates,
    TimeSpan P50,
    TimeSpan P95,
    TimeSpan P99,
    long Requests,
    long Conflicts,
    long Throttles,
    string Notes)
{
    public const string MarkdownHeader =
        "| strategy | logical writes | succeeded | lost updates | p50 | p95 | p99 | API requests | requests / write | writes / request | 409s received | 429s received | notes |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public double RequestsPerWrite => LogicalWrites == 0 ? 0 : (double)Requests / LogicalWrites;

    public double WritesPerRequest => Requests == 0 ? 0 : (double)LogicalWrites / Requests;

    public static StrategyReport From(string name, WriteRecord[] records, int lost, World.StatusCounts counts, IWriteStrategy strategy)
    {
        var latencies = records.Select(r => r.Latency).Order().ToArray();
        var notes = $"{counts.WriteBackOverwrites} values overwritten by flow write-back" + (strategy is WriterStrategy writer ? $"; {writer.Describe()}" : "") +
            (records.Count(r => r.BudgetExhausted) is > 0 and var refused ? $"; {refused} refused early (budget)" : "");
        foreach (var failure in records.Where(r => r.Failure is not null).GroupBy(r => r.Failure![..Math.Min(r.Failure!.Length, 60)]).OrderByDescending(g => g.Count()).Take(3))
        {
            Console.Error.WriteLine($"  {name}: {failure.Count()} × {failure.Key}");
        }

        return new(
            name,
            records.Length,
            records.Length == 0 ? 0 : 100.0 * records.Count(r => r.Succeeded) / records.Length,
            lost,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            Percentile(latencies, 0.99),
            counts.Requests,
            counts.Conflicts,
            counts.Throttles,
            notes);
    }

    public static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {LogicalWrites} | {SucceededPercent:0.0}% | {LostUpdates} | {P50.TotalMilliseconds:0} ms | {P95.TotalMilliseconds:0} ms | {P99.TotalMilliseconds:0} ms | {Requests} | {RequestsPerWrite:0.00} | {WritesPerRequest:0.0} | {Conflicts} | {Throttles} | {Notes} |");
}
