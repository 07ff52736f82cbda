using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ParticipantData.Emulator;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>
/// The seed user's case: calls arrive at a steady rate, and each needs <c>loyalty_tier</c> written as it enters the
/// IVR, while its flow reads participant data and writes its copy back when the IVR ends (architect.md A.9). Calls
/// arrive with <c>loyalty_tier = unknown</c> (set upstream), so a write that lands after the flow's read is
/// overwritten at the end of the IVR. Calls are short enough to end within the run; the value is read after each ended.
/// </summary>
internal static class CallStartBenchmark
{
    private static readonly string[] Tiers = ["gold", "silver", "bronze", "platinum"];

    public static async Task<CallStartReport> RunAsync(string name, ContentionSettings settings)
    {
        var options = World.Options(settings);
        options.Lifecycle = new LifecycleOptions { ConnectedDuration = TimeSpan.FromSeconds(10), WrapUpDuration = TimeSpan.FromSeconds(2) };
        await using var host = await EmulatorHost.StartAsync(options);
        await using var strategy = Strategies.Create(name, host, settings.RequestsPerMinute, settings.WriterMode);
        if (strategy is RawHttpStrategy raw)
        {
            await raw.LoginAsync();
        }

        var before = World.Counts(host);
        var random = new Random(settings.Seed);
        var calls = (int)(settings.CallsPerSecond * settings.Duration.TotalSeconds);
        var written = new ConcurrentDictionary<string, string>();
        var records = new ConcurrentBag<WriteRecord>();
        var writes = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var due = TimeSpan.FromSeconds(i / settings.CallsPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var call = await host.CreateConversationAsync(new NewConversation(
                "call",
                [new NewParticipant("customer", Attributes: new Dictionary<string, string> { ["loyalty_tier"] = "unknown" }), new NewParticipant("ivr"), new NewParticipant("acd")]));
            var customer = call.Participants.First(p => p.Purpose == "customer").Id;
            var tier = Tiers[random.Next(Tiers.Length)];
            written[call.Id] = tier;
            writes.Add(Task.Run(async () => records.Add(await strategy.WriteAsync(call.Id, customer, "loyalty_tier", tier))));
        }

        await Task.WhenAll(writes);
        // Each call ends (IVR, queue, alerting, 10 s talk, 2 s wrap-up, each ±25 %); read its value then.
        var giveUp = Stopwatch.StartNew();
        while (host.Conversations.Any(c => !c.Ended) && giveUp.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
        }

        var after = World.Counts(host);
        var overwritten = 0;
        foreach (var conversation in host.Conversations)
        {
            var held = conversation.Participants.First(p => p.Purpose == "customer").Attributes.GetValueOrDefault("loyalty_tier");
            overwritten += held == written[conversation.Id] ? 0 : 1;
        }

        var latencies = records.Where(r => r.Succeeded).Select(r => r.Latency).Order().ToArray();
        return new CallStartReport(
            name,
            calls,
            calls == 0 ? 0 : 100.0 * records.Count(r => r.Succeeded) / calls,
            StrategyReport.Percentile(latencies, 0.50),
            StrategyReport.Percentile(latencies, 0.99),
            latencies.Length == 0 ? TimeSpan.Zero : latencies[^1],
            overwritten,
            host.Conversations.Count(c => !c.Ended),
            after - before,
            strategy is WriterStrategy writer ? writer.Describe() : "");
    }
}

internal sealed record CallStartReport(
    string Name,
    int Calls,
    double AppliedPercent,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan Max,
    int WrongAtEnd,
    int StillActive,
    World.StatusCounts Counts,
    string Notes)
{
    public const string MarkdownHeader =
        "| strategy | calls | value applied | p50 arrival → applied | p99 | max | wrong at the end of the call | API requests | requests / call | 409s received | 429s received | notes |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Calls} | {AppliedPercent:0.0}% | {P50.TotalMilliseconds:0} ms | {P99.TotalMilliseconds:0} ms | {Max.TotalMilliseconds:0} ms | {WrongAtEnd} | {Counts.Requests} | {(Calls == 0 ? 0 : (double)Counts.Requests / Calls):0.00} | {Counts.Conflicts} | {Counts.Throttles} | " +
        $"{Counts.WriteBackOverwrites} values overwritten by flow write-back{(StillActive > 0 ? $"; {StillActive} calls still active when read" : "")}{(Notes.Length > 0 ? "; " + Notes : "")} |");
}
