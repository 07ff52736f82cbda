using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ParticipantData.Client;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>What one logical write cost and how it ended.</summary>
internal sealed record WriteRecord(bool Succeeded, TimeSpan Latency, int Requests, int Conflicts, int Throttles)
{
    /// <summary>The writer refused it at once: the budget could not serve it before its deadline.</summary>
    public bool BudgetExhausted { get; init; }

    /// <summary>Why it failed, in a word (the writer's <see cref="FailureReason"/>).</summary>
    public string? Failure { get; init; }
}

/// <summary>How the writer strategy confirms its writes.</summary>
internal enum WriterMode
{
    /// <summary>No verification: the PATCH was accepted.</summary>
    None,

    /// <summary><see cref="VerifyMode.Ensure"/> with a notifications listener: write-backs are undone from events.</summary>
    EnsureByEvents,
}

internal static class Strategies
{
    public static IWriteStrategy Create(string name, ParticipantData.Emulator.EmulatorHost host, int requestsPerMinute, WriterMode mode) => name switch
    {
        "naive" => new NaiveStrategy(host.BaseUri, host.DefaultClient.ClientId, host.DefaultClient.ClientSecret),
        "sdk-retry" => new SdkRetryStrategy(host.BaseUri, host.DefaultClient.ClientId, host.DefaultClient.ClientSecret),
        "writer" => new WriterStrategy(host.BaseUri, host.DefaultClient.ClientId, host.DefaultClient.ClientSecret, requestsPerMinute, mode),
        _ => throw new ArgumentException($"unknown strategy '{name}'"),
    };
}

/// <summary>One way of writing participant attributes, as integrations do it.</summary>
internal interface IWriteStrategy : IAsyncDisposable
{
    string Name { get; }

    Task<WriteRecord> WriteAsync(string conversationId, string participantId, string key, string value);
}

/// <summary>
/// The recipe from the forums: GET the conversation, PATCH, on 409 wait 500 ms and start over, up to 5
/// attempts. A token fetched once; nothing else handled.
/// </summary>
internal sealed class NaiveStrategy(Uri baseUri, string clientId, string clientSecret) : RawHttpStrategy(baseUri, clientId, clientSecret)
{
    public override string Name => "naive";

    public override async Task<WriteRecord> WriteAsync(string conversationId, string participantId, string key, string value)
    {
        var started = Environment.TickCount64;
        int requests = 0, conflicts = 0, throttles = 0;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            requests++;
            using (var get = await SendAsync(HttpMethod.Get, $"/api/v2/conversations/{conversationId}", null))
            {
                throttles += get.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
                if (!get.IsSuccessStatusCode)
                {
                    return new(false, Since(started), requests, conflicts, throttles);
                }
            }

            requests++;
            using var patch = await SendAsync(HttpMethod.Patch, $"/api/v2/conversations/{conversationId}/participants/{participantId}/attributes", Body(key, value));
            if (patch.IsSuccessStatusCode)
            {
                return new(true, Since(started), requests, conflicts, throttles);
            }

            throttles += patch.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
            if (patch.StatusCode != HttpStatusCode.Conflict)
            {
                return new(false, Since(started), requests, conflicts, throttles);
            }

            conflicts++;
            await Task.Delay(500);
        }

        return new(false, Since(started), requests, conflicts, throttles);
    }
}

/// <summary>
/// The official .NET SDK with retries switched on (genesys-api.md §7): PATCH; retry 429/502/503/504 only,
/// waiting Retry-After or 3 s, giving up on Retry-After over 180 s; up to RetryMax (5) + 1 retries; no
/// 409 retry; a client-credentials token is never refreshed.
/// </summary>
internal sealed class SdkRetryStrategy(Uri baseUri, string clientId, string clientSecret) : RawHttpStrategy(baseUri, clientId, clientSecret)
{
    public override string Name => "sdk-retry";

    public override async Task<WriteRecord> WriteAsync(string conversationId, string participantId, string key, string value)
    {
        var started = Environment.TickCount64;
        int requests = 0, conflicts = 0, throttles = 0;
        for (var retries = 0; ; retries++)
        {
            requests++;
            using var patch = await SendAsync(HttpMethod.Patch, $"/api/v2/conversations/{conversationId}/participants/{participantId}/attributes", Body(key, value));
            if (patch.IsSuccessStatusCode)
            {
                return new(true, Since(started), requests, conflicts, throttles);
            }

            conflicts += patch.StatusCode == HttpStatusCode.Conflict ? 1 : 0;
            throttles += patch.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
            var retryable = patch.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
            var wait = patch.Headers.TryGetValues("Retry-After", out var values) && int.TryParse(values.First(), out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromSeconds(3);
            if (!retryable || retries > 5 || (patch.StatusCode == HttpStatusCode.TooManyRequests && wait > TimeSpan.FromSeconds(180)))
            {
                return new(false, Since(started), requests, conflicts, throttles);
            }

            await Task.Delay(wait);
        }
    }
}

/// <summary>Our <see cref="AttributeWriter"/>, within the OAuth client's request budget; Ensure learns of write-backs from events.</summary>
internal sealed class WriterStrategy : IWriteStrategy
{
    private readonly ParticipantDataClient _client;
    private readonly NotificationsClient? _notifications;
    private readonly AttributeWriter _writer;
    private readonly WriteOptions _options;

    public WriterStrategy(Uri baseUri, string clientId, string clientSecret, int requestsPerMinute, WriterMode mode)
    {
        _client = new ParticipantDataClient(new ParticipantDataClientOptions
        {
            ApiUrl = baseUri,
            ClientId = clientId,
            ClientSecret = clientSecret,
            RequestsPerMinute = requestsPerMinute,
        });
        _notifications = mode == WriterMode.EnsureByEvents ? new NotificationsClient(_client) : null;
        _writer = new AttributeWriter(_client, notifications: _notifications);
        _options = new WriteOptions
        {
            Deadline = TimeSpan.FromSeconds(5),
            Verify = mode == WriterMode.EnsureByEvents ? VerifyMode.Ensure : VerifyMode.None,
            EnsureFor = TimeSpan.FromMinutes(5),
        };
    }

    private long _queuedTicks;
    private long _coalesced;
    private long _results;

    public string Name => "writer";

    public string Describe()
    {
        var ensure = _writer.EnsureStatistics;
        var n = Math.Max(1, Interlocked.Read(ref _results));
        Console.Error.WriteLine($"  writer: mean queued for budget {TimeSpan.FromTicks(Interlocked.Read(ref _queuedTicks) / n).TotalMilliseconds:0} ms, mean coalesced {(double)Interlocked.Read(ref _coalesced) / n:0.0}");
        return _options.Verify == VerifyMode.Ensure
            ? $"ensure: {ensure.Reads} reads, {ensure.Events} events, {ensure.Reapplied} re-applied"
            : "no verification";
    }

    public async Task<WriteRecord> WriteAsync(string conversationId, string participantId, string key, string value)
    {
        var result = await _writer.WriteAsync(
            ConversationId.Parse(conversationId),
            ParticipantId.Parse(participantId),
            new Dictionary<string, string> { [key] = value },
            _options);
        Interlocked.Add(ref _queuedTicks, result.QueuedForBudget.Ticks);
        Interlocked.Add(ref _coalesced, result.CoalescedWrites);
        Interlocked.Increment(ref _results);
        // Requests are counted by the emulator (coalesced PATCHes are shared by several logical writes).
        return new(result.Succeeded, result.Latency, 0, result.ConflictsAbsorbed, result.ThrottlesAbsorbed)
        {
            BudgetExhausted = result.FailureReason == FailureReason.BudgetExhausted,
            Failure = result.Succeeded ? null : $"{result.FailureReason}: {result.FailureMessage}",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (_notifications is not null)
        {
            await _notifications.DisposeAsync();
        }

        _client.Dispose();
    }
}

/// <summary>Plain HttpClient calls with one token fetched up front, as the recipes do.</summary>
internal abstract class RawHttpStrategy(Uri baseUri, string clientId, string clientSecret) : IWriteStrategy
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
    private string? _token;

    public abstract string Name { get; }

    public abstract Task<WriteRecord> WriteAsync(string conversationId, string participantId, string key, string value);

    public async Task LoginAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.Latin1.GetBytes($"{clientId}:{clientSecret}")));
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        _token = doc.RootElement.GetProperty("access_token").GetString();
    }

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        try
        {
            var response = await _http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
        catch (HttpRequestException)
        {
            // A reset connection: the recipes do not handle it, the call simply fails.
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }
    }

    protected static HttpContent Body(string key, string value) =>
        JsonContent.Create(new Dictionary<string, Dictionary<string, string>> { ["attributes"] = new() { [key] = value } });

    protected static TimeSpan Since(long started) => TimeSpan.FromMilliseconds(Environment.TickCount64 - started);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
