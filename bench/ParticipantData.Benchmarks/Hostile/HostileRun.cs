using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ParticipantData.Emulator;
using ParticipantData.Testing.Hostile;

namespace ParticipantData.Benchmarks.Hostile;

/// <summary>
/// The by-hand hostile-input run (docs/emulator.md, "Hostile input"): seeded hostile requests over every route,
/// then concurrent attribute PATCHes on large participants, against an in-process emulator; prints what the
/// harness found and the process's resident memory (which includes the harness: an upper bound for the emulator).
/// <c>hostile [--requests 20000] [--concurrency 16] [--patches 6400] [--seed 1]</c>
/// </summary>
internal static class HostileRun
{
    private const string Secret = "hostile-run-secret-Zoë+/=&x";

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Option(args, "--requests", 20_000);
        var concurrency = Option(args, "--concurrency", 16);
        var patches = Option(args, "--patches", 6_400);
        var seed = Option(args, "--seed", 1);
        Console.WriteLine($"hostile run: {requests} hostile requests ({concurrency} at a time), then {patches} concurrent PATCHes; seed {seed}; {Environment.ProcessorCount} cores");
        Console.WriteLine($"RSS at start: {Rss()}");

        var options = new EmulatorOptions { RequestsPerMinute = 0, TokenRequestsPerMinute = 0 };
        options.Clients.Clear();
        options.Clients.Add(new EmulatorOAuthClient("hostile-client", Secret, ["*"]));
        await using var emulator = await EmulatorHost.StartAsync(options);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = emulator.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        var target = await TargetAsync(emulator, http);
        Console.WriteLine($"RSS with the emulator up: {Rss()}");

        var watch = Stopwatch.StartNew();
        var report = await HostileHarness.RunAsync(target, seed, requests, concurrency);
        Console.WriteLine($"hostile phase: {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(report);
        Console.WriteLine($"RSS after the hostile phase: {Rss()}");

        watch.Restart();
        var (accepted, lost, statuses) = await ConcurrentPatchesAsync(emulator, http, patches);
        Console.WriteLine($"concurrent phase: {watch.Elapsed.TotalSeconds:F1} s; {accepted} answered 202, {lost} of them not applied; statuses: {statuses}");
        var stats = emulator.Statistics;
        Console.WriteLine($"emulator: {stats.Requests} requests, 5xx {stats.ResponsesByStatus.Where(s => s.Key >= 500).Sum(s => s.Value)}, internal errors {stats.InternalErrors}");
        Console.WriteLine($"RSS after the concurrent phase: {Rss()}");
        return report.Healthy && lost == 0 && stats.InternalErrors == 0 ? 0 : 1;
    }

    private static async Task<HostileTarget> TargetAsync(EmulatorHost emulator, HttpClient http)
    {
        var participants = new List<(string, string)>();
        for (var i = 0; i < 16; i++)
        {
            var created = await emulator.CreateConversationAsync(new NewConversation(i % 2 == 0 ? "call" : "message"));
            participants.AddRange(created.Participants.Select(p => (created.Id, p.Id)));
        }

        using var login = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        login.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("hostile-client:" + Secret)));
        using var answer = await http.SendAsync(login);
        var token = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var channel = await http.PostAsync("/api/v2/notifications/channels", null);
        var channelId = JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        return new HostileTarget(emulator.BaseUri, "hostile-client", Secret, token, participants, channelId);
    }

    // Large participants (40 KiB each) written through the media form, whose answer is the whole map: the load
    // that made the journal hold gigabytes.
    private static async Task<(int Accepted, int Lost, string Statuses)> ConcurrentPatchesAsync(EmulatorHost emulator, HttpClient http, int patches)
    {
        var customers = emulator.Conversations.Take(16)
            .Select(c => (c.Id, Media: c.MediaType == "call" ? "calls" : "messages", Participant: c.Participants.First(p => p.Purpose == "customer").Id))
            .ToList();
        foreach (var (id, media, participant) in customers)
        {
            var fill = string.Join(',', Enumerable.Range(0, 20).Select(k => $"\"fill-{k}\":\"{new string('f', 2000)}\""));
            using var filled = await http.PatchAsync($"/api/v2/conversations/{media}/{id}/participants/{participant}/attributes",
                new StringContent("{\"attributes\":{" + fill + "}}", Encoding.UTF8, "application/json"));
            filled.EnsureSuccessStatusCode();
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, patches).Select(async i =>
        {
            var (id, media, participant) = customers[i % customers.Count];
            using var response = await http.PatchAsync($"/api/v2/conversations/{media}/{id}/participants/{participant}/attributes",
                new StringContent($"{{\"attributes\":{{\"cp-{i}\":\"{i}\"}}}}", Encoding.UTF8, "application/json"));
            return ($"cp-{i}", (int)response.StatusCode);
        }));

        var held = emulator.Conversations.SelectMany(c => c.Participants).SelectMany(p => p.Attributes)
            .Where(a => a.Key.StartsWith("cp-", StringComparison.Ordinal)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var accepted = outcomes.Count(o => o.Item2 == 202);
        var lost = outcomes.Count(o => o.Item2 == 202 && !held.Contains(o.Item1));
        var phantom = outcomes.Count(o => o.Item2 != 202 && held.Contains(o.Item1));
        var statuses = string.Join(", ", outcomes.GroupBy(o => o.Item2).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")) + $"; phantom {phantom}";
        return (accepted, lost + phantom, statuses);
    }

    private static string Rss()
    {
        var status = File.ReadAllLines("/proc/self/status");
        string Field(string name) => status.First(l => l.StartsWith(name, StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        return $"{Field("VmRSS")} (peak {Field("VmHWM")})";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
