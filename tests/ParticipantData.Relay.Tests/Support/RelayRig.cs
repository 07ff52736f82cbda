using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Client;
using ParticipantData.Emulator;
using ParticipantData.Relay.Auth;

namespace ParticipantData.Relay.Tests.Support;

/// <summary>An emulator and a relay in front of it, both on 127.0.0.1:0, the relay on a fresh SQLite file.</summary>
internal sealed class RelayRig : IAsyncDisposable
{
    public const string Key = "test-key-7f3a";

    private RelayRig(EmulatorHost emulator, RelayHost relay, string directory, HttpClient http, string? store)
    {
        Emulator = emulator;
        Relay = relay;
        Directory = directory;
        Http = http;
        _store = store;
    }

    private readonly string? _store;

    public EmulatorHost Emulator { get; }

    public RelayHost Relay { get; private set; }

    public string Directory { get; }

    /// <summary>The SQLite file, or the PostgreSQL connection string the rig was started with.</summary>
    public string StorePath => _store ?? Path.Combine(Directory, "relay.db");

    /// <summary>Sends the right key.</summary>
    public HttpClient Http { get; private set; }

    /// <param name="store">A PostgreSQL connection string; null for a fresh SQLite file.</param>
    public static async Task<RelayRig> StartAsync(Action<EmulatorOptions>? emulator = null, Action<RelayOptions>? relay = null, Func<EmulatorHost, string, Task>? beforeStart = null, string? store = null)
    {
        var emulatorOptions = new EmulatorOptions();
        // An OAuth client of its own: the client library shares its request budget per OAuth client in a process,
        // and tests must not spend each other's.
        emulatorOptions.Clients.Clear();
        emulatorOptions.Clients.Add(EmulatorOAuthClient.Default with { ClientId = "relay-tests-" + Guid.NewGuid().ToString("N") });
        emulator?.Invoke(emulatorOptions);
        var host = await EmulatorHost.StartAsync(emulatorOptions);
        var directory = Path.Combine(Path.GetTempPath(), "pdata-relay-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (beforeStart is not null)
        {
            await beforeStart(host, Path.Combine(directory, "relay.db"));
        }

        var relayHost = await RelayHost.StartAsync(Options(host, store ?? Path.Combine(directory, "relay.db"), relay));
        return new RelayRig(host, relayHost, directory, ClientFor(relayHost.BaseUri), store);
    }

    public static RelayOptions Options(EmulatorHost host, string storePath, Action<RelayOptions>? configure = null)
    {
        var options = new RelayOptions
        {
            Port = 0,
            StorePath = storePath,
            Platform = PlatformOptions(host),
            PollInterval = TimeSpan.FromMilliseconds(200),
        };
        options.ApiKeys.Add(ApiKey.FromSecret("tests", Key));
        configure?.Invoke(options);
        return options;
    }

    public static ParticipantDataClientOptions PlatformOptions(EmulatorHost host) => new()
    {
        ApiUrl = host.BaseUri,
        ClientId = host.DefaultClient.ClientId,
        ClientSecret = host.DefaultClient.ClientSecret,
        UseJitter = false,
    };

    /// <summary>Stops the relay and starts another on the same file.</summary>
    public async Task RestartAsync(Action<RelayOptions>? relay = null)
    {
        await Relay.StopAsync();
        Relay = await RelayHost.StartAsync(Options(Emulator, StorePath, relay));
        Http.Dispose();
        Http = ClientFor(Relay.BaseUri);
    }

    public static HttpClient ClientFor(Uri relay, AuthenticationHeaderValue? authorization = null)
    {
        var http = new HttpClient { BaseAddress = relay };
        http.DefaultRequestHeaders.Authorization = authorization ?? new AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    public async Task<(string ConversationId, string CustomerId)> NewCallAsync()
    {
        var created = await Emulator.CreateConversationAsync(new NewConversation("call"));
        return (created.Id, created.Participants.First(p => p.Purpose == "customer").Id);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, HttpClient? client = null) =>
        (client ?? Http).PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static string WriteJson(string conversationId, string participantId, object attributes, string? idempotencyKey = null, int? deadlineSeconds = null)
    {
        var body = new JsonObject
        {
            ["conversationId"] = conversationId,
            ["participantId"] = participantId,
            ["attributes"] = JsonSerializer.SerializeToNode(attributes),
        };
        if (idempotencyKey is not null)
        {
            body["idempotencyKey"] = idempotencyKey;
        }

        if (deadlineSeconds is not null)
        {
            body["deadlineSeconds"] = deadlineSeconds;
        }

        return body.ToJsonString();
    }

    /// <summary>POSTs a write and returns its id, asserting the 202.</summary>
    public async Task<string> AcceptAsync(string conversationId, string participantId, Dictionary<string, string> attributes, string? idempotencyKey = null, int? deadlineSeconds = null)
    {
        using var response = await PostAsync("/v1/writes", WriteJson(conversationId, participantId, attributes, idempotencyKey, deadlineSeconds));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, text);
        return JsonNode.Parse(text)!["writeId"]!.GetValue<string>();
    }

    public async Task<JsonObject> StatusAsync(string writeId)
    {
        using var response = await Http.GetAsync($"/v1/writes/{writeId}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Waits (bounded) until the write has left <c>queued</c>, and returns its status answer.</summary>
    public async Task<JsonObject> SettledAsync(string writeId, int seconds = 20)
    {
        var deadline = Environment.TickCount64 + (seconds * 1000);
        while (true)
        {
            var status = await StatusAsync(writeId);
            if (status["status"]!.GetValue<string>() != "queued")
            {
                return status;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Write {writeId} still queued after {seconds} s: {status.ToJsonString()}");
            }

            await Task.Delay(20);
        }
    }

    public IReadOnlyDictionary<string, string> AttributesOf(string conversationId, string participantId) =>
        Emulator.Conversations.First(c => c.Id == conversationId).Participants.First(p => p.Id == participantId).Attributes;

    /// <summary>The PATCH bodies the emulator received for a participant, oldest first.</summary>
    public async Task<List<Dictionary<string, string>>> PatchesAsync(string conversationId, string participantId)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(Emulator.BaseUri, "/emulator/v1/requests")));
        var entries = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("entities");
        var path = $"/api/v2/conversations/{conversationId}/participants/{participantId}/attributes";
        return entries.EnumerateArray()
            .Where(e => e.GetProperty("method").GetString() == "PATCH" && e.GetProperty("path").GetString() == path && e.GetProperty("status").GetInt32() == 202)
            .Select(e => JsonNode.Parse(e.GetProperty("requestBody").GetString()!)!["attributes"]!.AsObject().ToDictionary(a => a.Key, a => a.Value!.GetValue<string>()))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Relay.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS for a moment: the temp folder is cleaned eventually.
        }
    }
}
