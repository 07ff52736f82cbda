using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using ParticipantData.Emulator;
using ParticipantData.Relay.Tests.Support;
using ParticipantData.Testing.Postgres;
using Xunit.Abstractions;

namespace ParticipantData.Relay.Tests.Crash;

/// <summary>
/// Three relay processes (<c>pdata relay --store "Host=..."</c>) on one PostgreSQL database in front of the emulator at
/// its real limit of 300 requests a minute per OAuth client; one is killed with SIGKILL under load and restarted.
/// The load runs for well over a minute, so the emulator's journal covers full minutes at the limit.
/// </summary>
public sealed class ClusterCrashTests(ITestOutputHelper output)
{
    private const int Conversations = 4;
    private const int KeysPerConversation = 2;
    private const int FinalValue = 1_000_000;
    private static readonly TimeSpan WhileDown = TimeSpan.FromSeconds(35);
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Killing_one_of_three_instances_under_load_loses_nothing_delivers_each_write_once_in_order_and_keeps_the_client_under_300_a_minute()
    {
        var server = await PostgresServer.GetAsync();
        var store = await server.CreateDatabaseAsync();
        // A PATCH takes 600 ms at the emulator, so an instance holds its claim long enough to be killed holding one.
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            RequestsPerMinute = 300,
            JournalCapacity = 200_000,
            FaultPlan = FaultPlan.Parse("""{"rules": [{"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "action": {"type": "latency", "ms": 600}}]}"""),
        });
        var writers = new List<Writer>();
        for (var i = 0; i < Conversations; i++)
        {
            var created = await emulator.CreateConversationAsync(new NewConversation("call"));
            var customer = created.Participants.First(p => p.Purpose == "customer").Id;
            writers.AddRange(Enumerable.Range(0, KeysPerConversation).Select(k => new Writer(created.Id, customer, $"w{k}", writers.Count + k)));
        }

        var relays = new RelayProcess?[3];
        var clients = new HttpClient?[3];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                relays[i] = await RelayProcess.StartAsync(emulator, store, "--no-ensure");
                clients[i] = RelayRig.ClientFor(relays[i]!.BaseUri);
            }

            using var stop = new CancellationTokenSource();
            var load = writers.Select(w => w.RunAsync(() => clients, stop.Token)).ToList();
            var started = Environment.TickCount64;

            // Phase 1: load on all three, until instance 2 (index 1) holds a delivery claim and enough was acknowledged.
            var victim = relays[1]!;
            var held = 0;
            while (Environment.TickCount64 - started < 60_000)
            {
                held = await ClaimsHeldAsync(store, victim.ProcessId, claimedWithin: TimeSpan.FromMilliseconds(200));
                if (held > 0 && writers.Sum(w => w.Acknowledged.Count) >= 200 && Environment.TickCount64 - started > 10_000)
                {
                    break;
                }

                await Task.Delay(5);
            }

            clients[1] = null;
            await victim.KillAsync();
            var ackedAtKill = writers.Sum(w => w.Acknowledged.Count);
            var stranded = await ClaimsHeldAsync(store, victim.ProcessId);
            output.WriteLine($"killed instance {victim.ProcessId} holding {stranded} claim(s) after {ackedAtKill} acknowledged writes");
            stranded.ShouldBeGreaterThan(0, "the kill should leave a claim for another instance to take over");

            // Phase 2: two instances; the victim's claim expires (30 s lease) and another instance takes it over.
            await Task.Delay(WhileDown);
            (await ClaimsHeldAsync(store, victim.ProcessId)).ShouldBe(0, "the dead instance's claim was taken over or released by now");
            var ackedWhileDown = writers.Sum(w => w.Acknowledged.Count) - ackedAtKill;

            // Phase 3: the victim comes back (a new process on the same database), load on all three.
            relays[1] = await RelayProcess.StartAsync(emulator, store, "--no-ensure");
            clients[1] = RelayRig.ClientFor(relays[1]!.BaseUri);
            await Task.Delay(AfterRestart);
            await stop.CancelAsync();
            await Task.WhenAll(load);
            output.WriteLine($"acknowledged: {writers.Sum(w => w.Acknowledged.Count)} ({ackedWhileDown} while one instance was down); refused or cut off: {writers.Sum(w => w.Refused)}");
            ackedWhileDown.ShouldBeGreaterThan(0);

            // Every key gets one last write, through each instance in turn.
            foreach (var writer in writers)
            {
                await writer.WriteAsync(clients[writer.Index % 3]!, FinalValue, CancellationToken.None);
            }

            foreach (var writer in writers)
            {
                foreach (var (value, writeId) in writer.Acknowledged)
                {
                    var status = await CrashChecks.SettledAsync(clients[(value + writer.Index) % 3]!, writeId, TimeSpan.FromMinutes(2));
                    status["status"]!.GetValue<string>().ShouldBe("applied", $"{writer.Key}={value} ({writeId}): {status.ToJsonString()}");
                }
            }
        }
        finally
        {
            foreach (var relay in relays)
            {
                if (relay is not null)
                {
                    output.WriteLine("--- relay output (last lines) ---\n" + string.Join('\n', relay.Output.Split('\n').TakeLast(15)));
                    await relay.DisposeAsync();
                }
            }

            foreach (var client in clients)
            {
                client?.Dispose();
            }
        }

        var journal = await JournalAsync(emulator);
        var patches = CrashChecks.PatchedValues(journal.Select(e => (e.Method, e.Status, e.Path, e.RequestBody)));
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
            // Nothing acknowledged was lost: each acknowledged value reached the platform, or a later value of its key did (coalesced).
            writer.Acknowledged.ShouldAllBe(a => delivered.Any(d => d >= a.Value));
        }

        // One budget for the three instances: at most 300 requests in any minute for the client, and no 429.
        var clientId = emulator.DefaultClient.ClientId;
        var times = journal.Where(e => e.ClientId == clientId).Select(e => e.Time).Order().ToList();
        var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromMinutes(1)).Count()).Max();
        var span = times[^1] - times[0];
        output.WriteLine($"platform requests: {times.Count} over {span.TotalSeconds:0} s; busiest minute: {busiest}; 429s: {journal.Count(e => e.Status == 429)}");
        span.ShouldBeGreaterThan(TimeSpan.FromMinutes(1));
        busiest.ShouldBeLessThanOrEqualTo(300);
        journal.ShouldNotContain(e => e.Status == 429);
    }

    /// <summary>Live claims the process holds (with <paramref name="claimedWithin"/>: only those taken that recently, whose delivery has just begun).</summary>
    private static async Task<int> ClaimsHeldAsync(string store, int processId, TimeSpan? claimedWithin = null)
    {
        var lease = TimeSpan.FromSeconds(30);
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM relay_claims WHERE owner LIKE '%/' || $1 || '/%' AND lease_until > $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = processId.ToString(CultureInfo.InvariantCulture) });
        command.Parameters.Add(new NpgsqlParameter { Value = (DateTimeOffset.UtcNow + (claimedWithin is { } recent ? lease - recent : TimeSpan.Zero)).ToUnixTimeMilliseconds() });
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<List<Entry>> JournalAsync(EmulatorHost emulator)
    {
        using var http = new HttpClient();
        var journal = JsonNode.Parse(await http.GetStringAsync(new Uri(emulator.BaseUri, "/emulator/v1/requests")))!;
        var entries = journal is JsonArray array ? array : journal["entities"]!.AsArray();
        return [.. entries.Select(e => new Entry(
            DateTimeOffset.Parse(e!["time"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            e["method"]!.GetValue<string>(),
            e["path"]!.GetValue<string>(),
            e["status"]!.GetValue<int>(),
            e["clientId"]?.GetValue<string>(),
            e["requestBody"]?.GetValue<string>()))];
    }

    private sealed record Entry(DateTimeOffset Time, string Method, string Path, int Status, string? ClientId, string? RequestBody);

    /// <summary>
    /// One client writing one key: 1, 2, 3, ... each after the previous one was acknowledged, each to the next live
    /// instance in turn. A write an instance did not acknowledge (it died, or refused) is sent again to the next one
    /// with the same idempotency key, so it is stored once even if the dead instance had stored it.
    /// </summary>
    private sealed class Writer(string conversation, string customer, string key, int index)
    {
        private int _turn = index;

        public string Conversation { get; } = conversation;

        public string Customer { get; } = customer;

        public string Key { get; } = key;

        public int Index { get; } = index;

        public List<(int Value, string WriteId)> Acknowledged { get; } = [];

        public int Refused { get; private set; }

        public async Task RunAsync(Func<HttpClient?[]> clients, CancellationToken stop)
        {
            for (var value = 1; !stop.IsCancellationRequested;)
            {
                var live = clients();
                var http = live[_turn++ % live.Length];
                if (http is null)
                {
                    continue;
                }

                try
                {
                    // Not cancelled with the load: a request abandoned in flight can still be stored after the
                    // final writes below, and would then rightly be the last value of its key in acceptance order.
                    await WriteAsync(http, value, CancellationToken.None);
                    value++;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    Refused++; // not acknowledged: the same value again, at the next instance
                }
            }
        }

        public async Task WriteAsync(HttpClient http, int value, CancellationToken cancellationToken)
        {
            var idempotencyKey = $"{Conversation}-{Key}-{value}";
            using var response = await http.PostAsync(
                "/v1/writes",
                new StringContent(RelayRig.WriteJson(Conversation, Customer, new Dictionary<string, string> { [Key] = value.ToString(CultureInfo.InvariantCulture) }, idempotencyKey), System.Text.Encoding.UTF8, "application/json"),
                cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            Acknowledged.Add((value, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["writeId"]!.GetValue<string>()));
        }
    }
}
