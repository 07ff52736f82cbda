using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParticipantData.Architect.DataActions;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Cli.Tests.Relay;

public sealed partial class RelayCommandTests : IDisposable
{
    private const string Key = "cli-test-key";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pdata-cli-relay-tests", Guid.NewGuid().ToString("N"));

    public RelayCommandTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task The_printed_data_action_runs_through_the_engine_against_the_relay_and_the_value_reads_back_from_the_call()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var created = await emulator.CreateConversationAsync(new NewConversation("call"));
        var customer = created.Participants.First(p => p.Purpose == "customer").Id;
        var relay = CliRunner.For(emulator);
        using var stop = new CancellationTokenSource();
        var serving = relay.RunAsync(stop.Token, "relay", "--port", "0", "--store", Path.Combine(_directory, "relay.db"), "--api-key", Key);
        var relayUrl = await WaitForUrlAsync(relay, serving);

        var printer = new CliRunner();
        (await printer.RunAsync("relay", "data-action", "--url", relayUrl.ToString(), "--attribute", "loyalty_tier")).ShouldBe(0, printer.Error);
        var action = DataAction.Parse(printer.Out);
        var tricky = "Gold \"VIP\"\n\\ tier";
        var request = action.BuildRequest(new JsonObject { ["conversationId"] = created.Id, ["participantId"] = customer, ["loyalty_tier"] = tricky });

        // What Genesys does with a web services action: send the rendered request with the integration's Basic credentials.
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url) { Content = new StringContent(request.Body!, Encoding.UTF8, request.Headers["Content-Type"]) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("genesys:" + Key)));
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var output = action.TranslateResponse(body)!;

        output["status"]!.GetValue<string>().ShouldBe("queued");
        var writeId = output["writeId"]!.GetValue<string>();
        writeId.ShouldStartWith("w-");
        await Eventually.HoldsAsync(() => emulator.Conversations.First(c => c.Id == created.Id).Participants.First(p => p.Id == customer).Attributes.GetValueOrDefault("loyalty_tier") == tricky,
            "the write reached the call", TimeSpan.FromSeconds(20));

        await stop.CancelAsync();
        (await serving).ShouldBe(0);
        relay.Out.ShouldContain("Relay stopped");
    }

    [Fact]
    public async Task The_default_data_action_takes_an_attribute_name_and_value_pair_and_its_contract_validates()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("relay", "data-action", "--url", "https://relay.example.com")).ShouldBe(0);
        var action = DataAction.Parse(cli.Out);
        var request = action.BuildRequest(new JsonObject
        {
            ["conversationId"] = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            ["participantId"] = "5fa85f64-5717-4562-b3fc-2c963f66afa7",
            ["attributeName"] = "case \"id\"",
            ["attributeValue"] = "C-42",
        });

        request.Url.ToString().ShouldBe("https://relay.example.com/v1/writes");
        JsonNode.Parse(request.Body!)!["attributes"]!["case \"id\""]!.GetValue<string>().ShouldBe("C-42");
        action.Definition["integrationType"]!.GetValue<string>().ShouldBe("custom-rest-actions");
        Should.Throw<DataActionException>(() => action.BuildRequest(new JsonObject { ["conversationId"] = "x" })).Step.ShouldBe(DataActionStep.Input);
        Should.Throw<DataActionException>(() => action.TranslateResponse("""{"status": "queued"}""")).Message.ShouldContain("writeId");
        action.TranslateResponse("""{"writeId": "w-1", "status": "queued"}""")!["writeId"]!.GetValue<string>().ShouldBe("w-1");
    }

    [Fact]
    public async Task With_a_purpose_the_data_action_needs_no_participant_id()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("relay", "data-action", "--url", "https://relay.example.com", "--purpose", "customer", "--attribute", "loyalty_tier")).ShouldBe(0);
        var action = DataAction.Parse(cli.Out);
        var body = JsonNode.Parse(action.BuildRequest(new JsonObject { ["conversationId"] = "3fa85f64-5717-4562-b3fc-2c963f66afa6", ["loyalty_tier"] = "gold" }).Body!)!;

        body["purpose"]!.GetValue<string>().ShouldBe("customer");
        body["attributes"]!["loyalty_tier"]!.GetValue<string>().ShouldBe("gold");
        ((JsonObject)body).ContainsKey("participantId").ShouldBeFalse();
    }

    [Fact]
    public async Task A_bad_data_action_option_is_a_usage_error()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("relay", "data-action", "--url", "https://relay.example.com", "--purpose", "guest")).ShouldBe(2);
        cli.Error.ShouldContain("must be one of customer");
        (await cli.RunAsync("relay", "data-action", "--url", "relay.example.com")).ShouldBe(2);
    }

    [Fact]
    public async Task The_relay_refuses_to_start_without_an_api_key()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(emulator);

        var code = await cli.RunAsync("relay", "--port", "0", "--store", Path.Combine(_directory, "nokey.db"));

        code.ShouldBe(2);
        cli.Error.ShouldContain("No API key");
        cli.Error.ShouldContain("--api-key");
    }

    [Fact]
    public async Task The_relay_reads_api_keys_from_PDATA_RELAY_API_KEYS_and_relay_yaml_hashed_keys()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var hasher = new CliRunner();
        (await hasher.RunAsync("relay", "hash-key", "yaml-key")).ShouldBe(0);
        var hash = hasher.Out.Trim();
        hash.ShouldStartWith("sha256:");
        var yaml = Path.Combine(_directory, "relay.yaml");
        await File.WriteAllTextAsync(yaml, $"port: 0\nstore: yaml.db\napiKeys:\n  - name: crm\n    sha256: \"{hash}\"\n");
        var cli = new CliRunner(new Hashtable
        {
            ["GENESYSCLOUD_API_URL"] = emulator.BaseUri.ToString(),
            ["PDATA_RELAY_API_KEYS"] = "env-key-1, env-key-2",
        });
        using var stop = new CancellationTokenSource();

        var serving = cli.RunAsync(stop.Token, "relay", "--config", yaml);
        var url = await WaitForUrlAsync(cli, serving);
        cli.Out.ShouldContain(Path.Combine(_directory, "yaml.db"));
        cli.Out.ShouldNotContain("yaml-key");
        cli.Out.ShouldNotContain("env-key");
        using var http = new HttpClient { BaseAddress = url };
        foreach (var (key, expected) in new[] { ("yaml-key", HttpStatusCode.NotFound), ("env-key-2", HttpStatusCode.NotFound), ("nope", HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/writes/w-01900000-0000-7000-8000-000000000000");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request);
            response.StatusCode.ShouldBe(expected, key);
        }

        await stop.CancelAsync();
        (await serving).ShouldBe(0);
    }

    [Fact]
    public async Task An_invalid_relay_yaml_is_a_usage_error_naming_the_problem()
    {
        var yaml = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(yaml, "apiKeys:\n  - name: crm\n");
        var cli = new CliRunner();

        (await cli.RunAsync("relay", "--config", yaml, "--api-key", "k")).ShouldBe(2);
        cli.Error.ShouldContain("has no sha256");
    }

    private static async Task<Uri> WaitForUrlAsync(CliRunner cli, Task<int> run)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            if (Listening().Match(cli.Out) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"pdata relay exited {await run}: {cli.Error}");
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("pdata relay did not print its URL: " + cli.Out + cli.Error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/?)")]
    private static partial Regex Listening();
}
