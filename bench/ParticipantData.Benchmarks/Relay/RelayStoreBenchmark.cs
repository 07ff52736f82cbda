using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ParticipantData.Client;
using ParticipantData.Emulator;
using ParticipantData.Relay;
using ParticipantData.Relay.Auth;
using ParticipantData.Testing.Postgres;

namespace ParticipantData.Benchmarks.Relay;

/// <summary>
/// `relay-stores [--clients 50] [--duration 15] [--conversations 50]`: closed-loop load (each client sends its next
/// POST /v1/writes as soon as the last one was answered) against the relay on a SQLite file, on PostgreSQL with one
/// instance, and on PostgreSQL with two instances (the clients split over them), in front of the emulator at its
/// real 300 requests/min. Reports accepted writes per second and the accept latency, i.e. the time to a durable
/// 202. PostgreSQL is the server PDATA_TEST_POSTGRES names, or a throw-away cluster (fsync on) started for the run.
/// </summary>
internal static class RelayStoreBenchmark
{
    private const string Key = "bench-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = 50;
        var duration = 15;
        var conversations = 50;
        for (var i = 0; i < args.Length; i++)
        {
            int Int() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
            try
            {
                switch (args[i])
                {
                    case "--clients": clients = Int(); break;
                    case "--duration": duration = Int(); break;
                    case "--conversations": conversations = Int(); break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}\nusage: relay-stores [--clients 50] [--duration 15] [--conversations 50]");
                return 2;
            }
        }

        Console.WriteLine($"relay-stores: {clients} closed-loop clients for {duration} s over {conversations} calls; emulator at 300 requests/min per OAuth client");
        var server = await PostgresServer.GetAsync();
        Console.WriteLine($"PostgreSQL: {(server.OwnCluster is null ? "the server PDATA_TEST_POSTGRES names" : "a throw-away cluster (fsync on, synchronous_commit on)")}");
        var rows = new List<Result>();
        var directory = Path.Combine(Path.GetTempPath(), "pdata-relay-stores-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        rows.Add(await RunAsync("SQLite, 1 instance", [Path.Combine(directory, "relay.db")], clients, duration, conversations));
        var database = await server.CreateDatabaseAsync("pdata_bench");
        rows.Add(await RunAsync("PostgreSQL, 1 instance", [database], clients, duration, conversations));
        var database2 = await server.CreateDatabaseAsync("pdata_bench");
        rows.Add(await RunAsync("PostgreSQL, 2 instances", [database2, database2], clients, duration, conversations));
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files.
        }

        var baseline = rows[0];
        Console.WriteLine();
        Console.WriteLine("| store | accepted writes/s | × SQLite | accept p50 | p99 | × SQLite (p99) | max | refused |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.PerSecond:0} | {row.PerSecond / baseline.PerSecond:0.00} | {row.P50:0.0} ms | {row.P99:0.0} ms | {row.P99 / baseline.P99:0.00} | {row.Max:0} ms | {row.Refused} |"));
        }

        return 0;
    }

    private static async Task<Result> RunAsync(string name, string[] stores, int clientCount, int duration, int conversationCount)
    {
        Console.Error.WriteLine($"running {name} ...");
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { RequestsPerMinute = 300, JournalCapacity = 0 });
        var targets = new List<(string Conversation, string Customer)>();
        for (var i = 0; i < conversationCount; i++)
        {
            var created = await emulator.CreateConversationAsync(new NewConversation("call"));
            targets.Add((created.Id, created.Participants.First(p => p.Purpose == "customer").Id));
        }

        var relays = new List<RelayHost>();
        foreach (var store in stores)
        {
            var options = new RelayOptions
            {
                Port = 0,
                StorePath = store,
                Ensure = false,
                Platform = new ParticipantDataClientOptions { ApiUrl = emulator.BaseUri, ClientId = emulator.DefaultClient.ClientId, ClientSecret = emulator.DefaultClient.ClientSecret },
            };
            options.ApiKeys.Add(ApiKey.FromSecret("bench", Key));
            relays.Add(await RelayHost.StartAsync(options));
        }

        var http = Enumerable.Range(0, clientCount).Select(i =>
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = relays[i % relays.Count].BaseUri };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            return client;
        }).ToList();
        await Task.WhenAll(http.Select(c => c.GetAsync("/healthz"))); // warm-up, not measured

        var latencies = new List<double>();
        var refused = 0;
        var start = Stopwatch.GetTimestamp();
        var end = TimeSpan.FromSeconds(duration);
        await Task.WhenAll(http.Select((client, c) => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (var k = 0; Stopwatch.GetElapsedTime(start) < end; k++)
            {
                var target = targets[(c + (k * clientCount)) % targets.Count];
                var body = $$$"""{"conversationId":"{{{target.Conversation}}}","participantId":"{{{target.Customer}}}","attributes":{"k{{{k % 10}}}":"{{{k}}}"}}""";
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/v1/writes", new StringContent(body, Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        http.ForEach(c => c.Dispose());
        foreach (var relay in relays)
        {
            await relay.StopAsync();
        }

        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Result(name, sorted.Length / elapsed, Percentile(0.50), Percentile(0.99), sorted.Length == 0 ? 0 : sorted[^1], refused);
    }

    private sealed record Result(string Name, double PerSecond, double P50, double P99, double Max, int Refused);
}
