using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// The client secret and the tokens the emulator issued appear nowhere it stores or answers: the journal
/// (readable without authentication), the logs and error bodies, whatever path or encoding they came with.
/// (Regression: the secret was journaled whenever the token request's path was not exactly /oauth/token.)
/// </summary>
public sealed class SecretLeakTests
{
    private const string Secret = "s3cr3t+/=value with space&more";

    [Fact]
    public async Task No_secret_or_token_is_kept_or_answered_whatever_the_path_or_encoding()
    {
        var logs = new CapturingLoggerProvider();
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Clients.Clear();
            o.Clients.Add(new EmulatorOAuthClient("leak-test-client", Secret, ["*"]));
            o.LoggerProvider = logs;
        });
        var client = emu.Host.DefaultClient;
        var token = await emu.TokenAsync(client);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(client.ClientId + ":" + Secret));
        var form = "grant_type=client_credentials&client_id=leak-test-client&client_secret=" + Uri.EscapeDataString(Secret);
        var json = $$"""{"grant_type":"client_credentials","client_id":"leak-test-client","client_secret":"{{Secret.Replace("+", "\\u002B", StringComparison.Ordinal)}}"}""";
        var answers = new List<string>();

        async Task Send(string method, string target, string? contentType, string? body, params string[] headers)
        {
            var response = await RawHttp.SendAsync(emu.Host.BaseUri, method, target, contentType: contentType,
                body: body is null ? null : Encoding.UTF8.GetBytes(body), headers: headers);
            answers.Add(response.Body);
        }

        foreach (var path in new[] { "/oauth/token", "//oauth/token", "/oauth2/token", "/oauth/token/", "/api/v2/token", "/login" })
        {
            await Send("POST", path, "application/x-www-form-urlencoded", form);
            await Send("POST", path, "application/json", json);
            await Send("POST", path, "text/plain", form);
            await Send("POST", path, null, Secret);
        }

        await Send("POST", "/oauth/token?client_secret=" + Uri.EscapeDataString(Secret), "application/x-www-form-urlencoded", "grant_type=client_credentials");
        await Send("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=" + Uri.EscapeDataString(Secret), "Authorization: Basic " + basic);
        await Send("GET", "/api/v2/conversations/" + token, null, null, "Authorization: Bearer " + token);
        await Send("GET", "/api/v2/conversations/x?access_token=" + token, null, null);
        await Send("PATCH", "/api/v2/conversations/x/participants/y/attributes", "application/json",
            $$$"""{"attributes":{"stolen":"{{{token}}}","basic":"{{{basic}}}"}}""", "Authorization: Bearer " + token);
        await Send("POST", "/emulator/v1/conversations", "application/json", $$"""{"mediaType":"{{Secret}}"}""");

        using var journal = await emu.Http.GetAsync("/emulator/v1/requests");
        var journalText = await journal.Content.ReadAsStringAsync();
        journal.StatusCode.ShouldBe(HttpStatusCode.OK);
        journalText.ShouldContain("//oauth/token");
        journalText.ShouldContain("/oauth2/token");

        var places = new Dictionary<string, string>
        {
            ["the journal"] = journalText,
            ["the logs"] = string.Join('\n', logs.Lines),
            ["the answers"] = string.Join('\n', answers),
        };
        // Tokens issued along the way are answered to whoever asked, but kept nowhere.
        var issued = answers.Where(a => a.Contains("\"access_token\"", StringComparison.Ordinal))
            .Select(a => System.Text.Json.Nodes.JsonNode.Parse(a)!["access_token"].Str()).ToList();
        issued.ShouldNotBeEmpty();
        foreach (var fresh in issued)
        {
            journalText.ShouldNotContain(fresh);
            places["the logs"].ShouldNotContain(fresh);
        }

        foreach (var (where, text) in places)
        {
            foreach (var secret in new[] { Secret, Uri.EscapeDataString(Secret), WebUtility.UrlEncode(Secret), basic, token })
            {
                text.ShouldNotContain(secret, Case.Sensitive, $"{where} holds a secret or token");
            }
        }
    }

    [Fact]
    public async Task Form_fields_that_are_not_secret_stay_readable_in_the_journal()
    {
        await using var emu = await TestEmulator.StartAsync();

        await RawHttp.SendAsync(emu.Host.BaseUri, "POST", "//oauth/token", contentType: "application/x-www-form-urlencoded",
            body: Encoding.UTF8.GetBytes("grant_type=client_credentials&client_id=pdata-emulator&client_secret=pdata-emulator-secret"));

        using var journal = await emu.Http.GetAsync("/emulator/v1/requests");
        var entry = System.Text.Json.Nodes.JsonNode.Parse(await journal.Content.ReadAsStringAsync())!["entities"]![0]!;
        entry["requestBody"].Str().ShouldBe("grant_type=client_credentials&client_id=pdata-emulator&client_secret=***");
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
