using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ParticipantData.Client;
using ParticipantData.Emulator;
using ParticipantData.Relay;
using ParticipantData.Relay.Auth;

namespace ParticipantData.Benchmarks.Relay;

/// <summary>
/// `relay [--rate 1000] [--clients 50] [--duration 10] [--conversations 50] [--keys 10] [--drain 120] [--warmup 5] [--strategies relay,direct,floor]` (`--warmup 0`: a cold start):
/// open-loop load (each client sends on its own schedule, rate/clients per second) of logical attribute writes,
/// against the emulator at its real 300 requests/min per OAuth client.
/// `relay`: POST /v1/writes to a relay on a fresh SQLite file from <see cref="OpenLoopHttpLoad"/> (after a warm-up
/// at the same rate, not measured), then wait for the queue to drain;
/// `floor`: the same load against Kestrel answering 202 at once (what the harness itself costs);
/// `direct`: the caller writes with AttributeWriter itself (deadline 5 s), as a flow's own service would.
/// </summary>
internal static class RelayBenchmark
{
    private const string Key = "bench-key";

    public static async Task<int> RunAsync(string[] args)
    {
        Settings settings;
        try
        {
            settings = Settings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n{Settings.Usage}");
            return 2;
        }

        Console.WriteLine($"relay: {settings}");
        var rows = new List<string>();
        foreach (var strategy in settings.Strategies)
        {
            Console.Error.WriteLine($"running {strategy} ...");
            rows.Add(strategy switch
            {
                "relay" => await RunRelayAsync(settings),
                "direct" => await RunDirectAsync(settings),
                "floor" => await RunFloorAsync(settings),
                _ => throw new ArgumentException($"unknown strategy '{strategy}'"),
            });
        }

        Console.WriteLine();
        Console.WriteLine("| strategy | logical writes | caller waits p50 | p99 | max | answered in time | applied | applied before deadline | API requests | logical writes / API request | 429s received | drained after load |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<string> RunRelayAsync(Settings settings)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { RequestsPerMinute = 300, JournalCapacity = 0 });
        var targets = await CreateCallsAsync(emulator, settings.Conversations);
        var directory = Path.Combine(Path.GetTempPath(), "pdata-relay-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = Path.Combine(directory, "relay.db");
        var options = new RelayOptions
        {
            Port = 0,
            StorePath = store,
            Ensure = false,
            Platform = new ParticipantDataClientOptions { ApiUrl = emulator.BaseUri, ClientId = emulator.DefaultClient.ClientId, ClientSecret = emulator.DefaultClient.ClientSecret },
        };
        options.ApiKeys.Add(ApiKey.FromSecret("bench", Key));
        await using var relay = await RelayHost.StartAsync(options);

        var (latencies, succeeded) = await HttpLoadAsync(settings, relay.BaseUri, targets);

        var loadEnded = Stopwatch.GetTimestamp();
        var drainedBy = TimeSpan.FromSeconds(settings.DrainSeconds);
        while (Stopwatch.GetElapsedTime(loadEnded) < drainedBy && (await relay.Store.GetStatisticsAsync(DateTimeOffset.UtcNow, default)).Queued > 0)
        {
            await Task.Delay(200);
        }

        var drained = Stopwatch.GetElapsedTime(loadEnded);
        var platformRequests = relay.PlatformRequests;
        var throttled = emulator.Statistics.Count(429);
        await relay.StopAsync();
        var (total, applied, beforeDeadline) = ReadOutcomes(store);
        foreach (var (reason, count) in ReadFailures(store))
        {
            Console.Error.WriteLine($"  failed: {count} × {reason}");
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files.
        }

        return Row("relay (SQLite)", latencies, succeeded, total, applied, beforeDeadline, platformRequests, throttled, drained);
    }

    /// <summary>The harness alone: the same load against a Kestrel endpoint that answers 202 at once (what the generator and Kestrel cost).</summary>
    private static async Task<string> RunFloorAsync(Settings settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _ = await reader.ReadToEndAsync();
            context.Response.StatusCode = 202;
            await context.Response.WriteAsync("{\"writeId\":\"w-x\",\"status\":\"queued\"}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var targets = Enumerable.Range(0, settings.Conversations).Select(_ => (Guid.NewGuid().ToString(), Guid.NewGuid().ToString())).ToList();
        var (latencies, succeeded) = await HttpLoadAsync(settings, new Uri(address), targets);
        await app.StopAsync();
        return Row("floor (Kestrel answering 202 at once)", latencies, succeeded, latencies.Count, 0, 0, 0, 0, TimeSpan.Zero);
    }

    private static async Task<string> RunDirectAsync(Settings settings)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { RequestsPerMinute = 300, JournalCapacity = 0 });
        var targets = await CreateCallsAsync(emulator, settings.Conversations);
        using var client = new ParticipantDataClient(new ParticipantDataClientOptions { ApiUrl = emulator.BaseUri, ClientId = emulator.DefaultClient.ClientId, ClientSecret = emulator.DefaultClient.ClientSecret });
        var writer = new AttributeWriter(client);
        await client.GetConversationAsync(ConversationId.Parse(targets[0].Conversation)); // logged in before the clock starts
        var before = client.ApiRequestCount;
        var applied = 0;
        var (latencies, succeeded) = await LoadAsync(settings, targets, async (_, conversation, customer, key, value) =>
        {
            var result = await writer.WriteAsync(ConversationId.Parse(conversation), ParticipantId.Parse(customer), new Dictionary<string, string> { [key] = value }, new WriteOptions { Deadline = TimeSpan.FromSeconds(5) });
            if (result.Succeeded)
            {
                Interlocked.Increment(ref applied);
            }

            return result.Succeeded;
        });
        return Row("direct AttributeWriter (deadline 5 s)", latencies, succeeded, latencies.Count, applied, applied, client.ApiRequestCount - before, emulator.Statistics.Count(429), TimeSpan.Zero);
    }

    /// <summary>
    /// POST /v1/writes from the lean open-loop generator: a warm-up at the same rate (JIT, connections, the store's
    /// first pages; not measured), then the measured run.
    /// </summary>
    private static async Task<(List<TimeSpan> Latencies, int Succeeded)> HttpLoadAsync(Settings settings, Uri server, List<(string Conversation, string Customer)> targets)
    {
        var load = new OpenLoopHttpLoad(server, "Bearer " + Key);
        string Body(int client, int k, string prefix)
        {
            var target = targets[(client + (k * settings.Clients)) % targets.Count];
            return $$$"""{"conversationId":"{{{target.Conversation}}}","participantId":"{{{target.Customer}}}","attributes":{"{{{prefix}}}{{{k % settings.Keys}}}":"{{{k}}}"}}""";
        }

        var perClient = settings.Rate / settings.Clients;
        if (settings.WarmupSeconds > 0)
        {
            await load.RunAsync("/v1/writes", settings.Clients, settings.Rate, perClient * settings.WarmupSeconds, (c, k) => Body(c, k, "warmup"));
        }

        var result = await load.RunAsync("/v1/writes", settings.Clients, settings.Rate, perClient * settings.DurationSeconds, (c, k) => Body(c, k, "k"));
        var during = result.During;
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  during the measured load: CPU {during.Cpu.TotalSeconds:0.0} s of {settings.DurationSeconds * Environment.ProcessorCount} s; {during.Collections} GCs ({during.Gen1} gen1, {during.Gen2} gen2), paused {during.Paused.TotalMilliseconds:0} ms; {during.Allocated / 1024 / Math.Max(1, result.Latencies.Count)} KiB allocated per request"));
        foreach (var (status, count) in result.Statuses.Where(s => s.Key != 202))
        {
            Console.Error.WriteLine($"  answered {status}: {count}");
        }

        if (settings.WarmupSeconds == 0)
        {
            // Latencies come client by client, each in the order its requests were due: the first perClient of each are its first second.
            var perRun = perClient * settings.DurationSeconds;
            var firstSecond = result.Latencies.Where((_, i) => i % perRun < perClient).Order().ToList();
            var rest = result.Latencies.Where((_, i) => i % perRun >= perClient).Order().ToList();
            Console.Error.WriteLine($"  cold start: p99 {Percentile(firstSecond, 0.99).TotalMilliseconds:0.0} ms over the first second, {Percentile(rest, 0.99).TotalMilliseconds:0.0} ms after it");
        }

        return (result.Latencies, result.Statuses.GetValueOrDefault(202));
    }

    private static async Task<List<(string Conversation, string Customer)>> CreateCallsAsync(EmulatorHost emulator, int count)
    {
        var targets = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var created = await emulator.CreateConversationAsync(new NewConversation("call"));
            targets.Add((created.Id, created.Participants.First(p => p.Purpose == "customer").Id));
        }

        return targets;
    }

    /// <summary>
    /// Each client sends request k at start + k × interval (open loop: a slow answer does not slow the schedule
    /// down); the latency of a request counts from its scheduled moment, so queueing in the client is not hidden.
    /// </summary>
    private static async Task<(List<TimeSpan> Latencies, int Succeeded)> LoadAsync(
        Settings settings,
        List<(string Conversation, string Customer)> targets,
        Func<int, string, string, string, string, Task<bool>> send)
    {
        var perClient = (double)settings.Rate / settings.Clients;
        var interval = TimeSpan.FromSeconds(1 / perClient);
        var perClientCount = (int)(perClient * settings.DurationSeconds);
        var latencies = new List<TimeSpan>();
        var succeeded = 0;
        var start = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
        {
            var mine = new List<TimeSpan>(perClientCount);
            var inFlight = new List<Task>();
            for (var k = 0; k < perClientCount; k++)
            {
                var due = interval * k + TimeSpan.FromMilliseconds(client * interval.TotalMilliseconds / settings.Clients);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var target = targets[(client + (k * settings.Clients)) % targets.Count];
                var key = "k" + (k % settings.Keys).ToString(CultureInfo.InvariantCulture);
                var value = k.ToString(CultureInfo.InvariantCulture);
                inFlight.Add(Task.Run(async () =>
                {
                    var ok = await send(client, target.Conversation, target.Customer, key, value);
                    var latency = Stopwatch.GetElapsedTime(start) - due;
                    lock (mine)
                    {
                        mine.Add(latency);
                    }

                    if (ok)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                }));
            }

            await Task.WhenAll(inFlight);
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })).ToList();
        await Task.WhenAll(tasks);
        return (latencies, succeeded);
    }

    private static (int Total, int Applied, int BeforeDeadline) ReadOutcomes(string store)
    {
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), SUM(status IN ('applied','verified')), SUM(status IN ('applied','verified') AND completed_at <= deadline_at) FROM writes";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.IsDBNull(1) ? 0 : reader.GetInt32(1), reader.IsDBNull(2) ? 0 : reader.GetInt32(2));
    }

    private static List<(string Reason, int Count)> ReadFailures(string store)
    {
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(reason, '(none)'), COUNT(*) FROM writes WHERE status = 'failed' OR status = 'queued' GROUP BY 1 ORDER BY 2 DESC LIMIT 5";
        using var reader = command.ExecuteReader();
        var failures = new List<(string, int)>();
        while (reader.Read())
        {
            failures.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return failures;
    }

    private static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Row(string name, List<TimeSpan> latencies, int succeeded, int total, int applied, int beforeDeadline, int requests, long throttled, TimeSpan drained)
    {
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => RelayBenchmark.Percentile(sorted, p).TotalMilliseconds;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {latencies.Count} | {Percentile(0.50):0.0} ms | {Percentile(0.99):0.0} ms | {(sorted.Length == 0 ? 0 : sorted[^1].TotalMilliseconds):0} ms | {100.0 * succeeded / Math.Max(1, latencies.Count):0.0}% | " +
            $"{100.0 * applied / Math.Max(1, total):0.0}% | {100.0 * beforeDeadline / Math.Max(1, total):0.0}% | {requests} | {(double)applied / Math.Max(1, requests):0.0} | {throttled} | {drained.TotalSeconds:0.0} s |");
    }

    private sealed record Settings(int Rate, int Clients, int DurationSeconds, int Conversations, int Keys, int DrainSeconds, int WarmupSeconds, IReadOnlyList<string> Strategies)
    {
        public const string Usage = "usage: relay [--rate 1000] [--clients 50] [--duration 10] [--conversations 50] [--keys 10] [--drain 120] [--warmup 5] [--strategies relay,direct,floor]";

        public static Settings Parse(string[] args)
        {
            var settings = new Settings(1000, 50, 10, 50, 10, 120, 5, ["relay", "direct"]);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Int() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
                int Seconds() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a whole number of seconds (0 for none)");
                settings = args[i] switch
                {
                    "--rate" => settings with { Rate = Int() },
                    "--clients" => settings with { Clients = Int() },
                    "--duration" => settings with { DurationSeconds = Int() },
                    "--conversations" => settings with { Conversations = Int() },
                    "--keys" => settings with { Keys = Int() },
                    "--drain" => settings with { DrainSeconds = Int() },
                    "--warmup" => settings with { WarmupSeconds = Seconds() },
                    "--strategies" => settings with { Strategies = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                    _ => throw new ArgumentException($"unknown option '{args[i]}'"),
                };
            }

            return settings;
        }

        public override string ToString() =>
            $"{Rate} writes/s from {Clients} clients for {DurationSeconds} s over {Conversations} calls × {Keys} keys; emulator at 300 requests/min per OAuth client; drain up to {DrainSeconds} s";
    }
}
