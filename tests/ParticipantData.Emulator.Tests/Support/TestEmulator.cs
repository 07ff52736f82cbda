using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ParticipantData.Emulator.Tests.Support;

/// <summary>An emulator on 127.0.0.1:0 and an HttpClient aimed at it, for one test.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    private TestEmulator(EmulatorHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseUri };
    }

    public EmulatorHost Host { get; }

    public HttpClient Http { get; }

    public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        return new TestEmulator(await EmulatorHost.StartAsync(options));
    }

    public static FormUrlEncodedContent ClientCredentialsForm() => new([new("grant_type", "client_credentials")]);

    public static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret)));

    public async Task<string> TokenAsync(EmulatorOAuthClient? client = null)
    {
        client ??= Host.DefaultClient;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = ClientCredentialsForm() };
        request.Headers.Authorization = Basic(client.ClientId, client.ClientSecret);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["access_token"]!.GetValue<string>();
    }

    /// <summary>Sends with a bearer token (a fresh one from the default client unless given).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = null)
    {
        token ??= await TokenAsync();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public Task<HttpResponseMessage> PatchJsonAsync(string path, string json, string? token = null) =>
        SendAsync(HttpMethod.Patch, path, Json(json), token);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async Task<JsonObject> CreateConversationAsync(string? body = null)
    {
        using var response = await Http.PostAsync("/emulator/v1/conversations", body is null ? null : Json(body));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

internal static class JsonAssertions
{
    public static async Task<JsonObject> JsonObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new ShouldAssertException("Expected a JSON object, got: " + text);
    }

    /// <summary>
    /// Checks an ErrorBody answer the way a user meets it: status, code, the message (containing each given
    /// fragment), and contextId equal to the inin-correlation-id header.
    /// </summary>
    public static async Task<JsonObject> ShouldBeErrorAsync(this HttpResponseMessage response, int status, string code, params string[] messageContains)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(text)!.AsObject();
        body["status"]!.GetValue<int>().ShouldBe(status);
        body["code"]!.GetValue<string>().ShouldBe(code, text);
        var message = body["message"]!.GetValue<string>();
        foreach (var fragment in messageContains)
        {
            message.ShouldContain(fragment, Case.Sensitive, text);
        }

        body["contextId"]!.GetValue<string>().ShouldBe(response.CorrelationId());
        return body;
    }

    public static string CorrelationId(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("inin-correlation-id", out var values)
            ? values.Single()
            : throw new ShouldAssertException("The response has no inin-correlation-id header.");

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    public static string Serialize(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
