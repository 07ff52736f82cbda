using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator;
using ParticipantData.Relay.Tests.Support;
using Xunit.Abstractions;

namespace ParticipantData.Relay.Tests.Crash;

public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Conversations = 4;
    private const int KeysPerConversation = 2;
    private const int FinalValue = 1_000_000;

    [Fact]
    public async Task Killing_the_relay_under_load_and_restarting_it_on_the_same_file_loses_no_acknowledged_write_and_delivers_each_once_in_order_per_key()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { JournalCapacity = 200_000 });
        var directory = Path.Combine(Path.GetTempPath(), "pdata-relay-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = Path.Combine(directory, "relay.db");
        var targets = new List<(string Conversation, string Customer)>();
        for (var i = 0; i < Conversations; i++)
        {
            var created = await emulator.CreateConversationAsync(new NewConversation("call"));
            targets.Add((created.Id, created.Participants.First(p => p.Purpose == "customer").Id));
        }

        var writers = targets.SelectMany(t => Enumerable.Range(0, KeysPerConversation).Select(k => new Writer(t.Conversation, t.Customer, $"w{k}"))).ToList();

        // Phase 1: load, then SIGKILL while writes are being accepted.
        await using (var first = await RelayProcess.StartAsync(emulator, store, "--no-ensure"))
        {
            using var http = RelayRig.ClientFor(first.BaseUri);
            using var stop = new CancellationTokenSource();
            var load = writers.Select(w => w.RunAsync(http, stop.Token)).ToList();
            while (writers.Sum(w => w.Acknowledged.Count) < 400 && load.All(t => !t.IsCompleted))
            {
                await Task.Delay(10);
            }

            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        writers.Sum(w => w.Acknowledged.Count).ShouldBeGreaterThanOrEqualTo(400);
        int leftQueued;
        await using (var killed = new ParticipantData.Relay.Store.SqliteRelayStore(store))
        {
            await killed.MigrateAsync(default);
            leftQueued = (await killed.ListQueuedAsync(100_000, default)).Count;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        output.WriteLine($"acknowledged before the kill: {writers.Sum(w => w.Acknowledged.Count)}; left queued by the kill: {leftQueued}");
        leftQueued.ShouldBeGreaterThan(0, "the kill should leave work for the restarted relay");

        // Phase 2: the same file, a new process; every key gets one last write.
        await using var second = await RelayProcess.StartAsync(emulator, store, "--no-ensure");
        using var client = RelayRig.ClientFor(second.BaseUri);
        foreach (var writer in writers)
        {
            await writer.WriteAsync(client, FinalValue, CancellationToken.None);
        }

        foreach (var writer in writers)
        {
            foreach (var (value, writeId) in writer.Acknowledged)
            {
                var status = await CrashChecks.SettledAsync(client, writeId, TimeSpan.FromMinutes(1));
                status["status"]!.GetValue<string>().ShouldBe("applied", $"{writer.Key}={value} ({writeId}): {status.ToJsonString()}");
            }
        }

        var patches = CrashChecks.PatchedValues(await JournalAsync(emulator));
        output.WriteLine($"values delivered: {patches.Count} in {patches.Select(p => p.Request).Distinct().Count()} PATCHes");
        foreach (var writer in writers)
        {
            var delivered = patches.Where(p => p.Conversation == writer.Conversation && p.Key == writer.Key).Select(p => p.Value).ToList();
            delivered.ShouldNotBeEmpty();
            // In order and each value once: strictly increasing in the order they reached the platform.
            delivered.Zip(delivered.Skip(1)).ShouldAllBe(pair => pair.First < pair.Second, $"{writer.Key} on {writer.Conversation}: {string.Join(",", delivered)}");
            delivered[^1].ShouldBe(FinalValue);
            emulator.Conversations.First(c => c.Id == writer.Conversation).Participants.First(p => p.Id == writer.Customer)
                .Attributes[writer.Key].ShouldBe(FinalValue.ToString(CultureInfo.InvariantCulture));
        }

        // Nothing acknowledged was lost: each acknowledged value reached the platform, or a later value of its key went in the same or a later PATCH.
        foreach (var writer in writers)
        {
            var delivered = patches.Where(p => p.Conversation == writer.Conversation && p.Key == writer.Key).Select(p => p.Value).ToList();
            writer.Acknowledged.ShouldAllBe(a => delivered.Any(d => d >= a.Value));
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static async Task<List<(string Method, int Status, string Path, string? RequestBody)>> JournalAsync(EmulatorHost emulator)
    {
        using var http = new HttpClient();
        var journal = JsonNode.Parse(await http.GetStringAsync(new Uri(emulator.BaseUri, "/emulator/v1/requests")))!;
        var entries = journal is JsonArray array ? array : journal["entities"]!.AsArray();
        return [.. entries.Select(e => (e!["method"]!.GetValue<string>(), e["status"]!.GetValue<int>(), e["path"]!.GetValue<string>(), e["requestBody"]?.GetValue<string>()))];
    }

    /// <summary>One client writing one key: 1, 2, 3, ... each after the previous one was acknowledged.</summary>
    private sealed class Writer(string conversation, string customer, string key)
    {
        public string Conversation { get; } = conversation;

        public string Customer { get; } = customer;

        public string Key { get; } = key;

        public List<(int Value, string WriteId)> Acknowledged { get; } = [];

        public async Task RunAsync(HttpClient http, CancellationToken stop)
        {
            for (var value = 1; !stop.IsCancellationRequested; value++)
            {
                try
                {
                    await WriteAsync(http, value, stop);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    return; // the relay died mid-request: this write was not acknowledged
                }
            }
        }

        public async Task WriteAsync(HttpClient http, int value, CancellationToken cancellationToken)
        {
            using var response = await http.PostAsync(
                "/v1/writes",
                new StringContent(RelayRig.WriteJson(Conversation, Customer, new Dictionary<string, string> { [Key] = value.ToString(CultureInfo.InvariantCulture) }), System.Text.Encoding.UTF8, "application/json"),
                cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            Acknowledged.Add((value, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["writeId"]!.GetValue<string>()));
        }
    }
}
