using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using ParticipantData.Emulator;
using ParticipantData.Relay;
using ParticipantData.Relay.Api;
using ParticipantData.Relay.Auth;
using Spectre.Console;

namespace ParticipantData.Cli.Demo;

/// <summary>
/// The relay's path in the demo: a data action style request (the definition <c>pdata relay data-action</c>
/// prints, rendered by the data action engine, sent with HTTP Basic as Genesys sends it) to a relay on a
/// temporary SQLite file; the time to its <c>202</c>, and the value read back from the call after delivery.
/// </summary>
internal static class RelayDemoStep
{
    private const string Key = "demo-relay-key";

    public static async Task<DemoStepView> RunAsync(CliContext cli, EmulatorHost host, ParticipantDataClient client, bool quiet, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pdata-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var options = new RelayOptions
            {
                Port = 0,
                StorePath = Path.Combine(directory, "relay.db"),
                Platform = new ParticipantDataClientOptions { ApiUrl = host.BaseUri, ClientId = host.DefaultClient.ClientId, ClientSecret = host.DefaultClient.ClientSecret },
                PollInterval = TimeSpan.FromMilliseconds(100),
            };
            options.ApiKeys.Add(ApiKey.FromSecret("demo", Key));
            await using var relay = await RelayHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
            var created = await host.CreateConversationAsync(new NewConversation("call"), cancellationToken).ConfigureAwait(false);
            var conversationId = ConversationId.Parse(created.Id);
            var customer = ParticipantId.Parse(created.Participants.First(p => p.Purpose == "customer").Id);
            if (!quiet)
            {
                cli.Out.MarkupLine($"Started a relay at [bold]{relay.BaseUri}[/] (SQLite store); created a voice call [bold]{conversationId}[/] for a flow's Call Data Action");
            }

            var action = ParticipantData.Architect.DataActions.DataAction.Parse(RelayDataAction.Create(relay.BaseUri, ["loyalty_tier"]).ToJsonString());
            var request = action.BuildRequest(new JsonObject { ["conversationId"] = conversationId.Value, ["participantId"] = customer.Value, ["loyalty_tier"] = "gold" });
            using var http = new HttpClient();
            // Warm the connection (and the relay's first request) so the 202 time below is the steady one a flow sees.
            using (var warm = new HttpRequestMessage(HttpMethod.Get, new Uri(relay.BaseUri, "/healthz")))
            using (await http.SendAsync(warm, cancellationToken).ConfigureAwait(false))
            {
            }

            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new StringContent(request.Body!, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("genesys:" + Key)));
            var started = cli.Time.GetTimestamp();
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var acceptedMs = cli.Time.GetElapsedTime(started).TotalMilliseconds;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var output = response.IsSuccessStatusCode ? action.TranslateResponse(body) : null;

            string? readBack = null;
            var waited = cli.Time.GetTimestamp();
            while (cli.Time.GetElapsedTime(waited) < TimeSpan.FromSeconds(10))
            {
                var attributes = await client.GetParticipantAttributesAsync(conversationId, ParticipantSelector.ById(customer), cancellationToken).ConfigureAwait(false);
                if (attributes.TryGetValue("loyalty_tier", out var value))
                {
                    readBack = value;
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cli.Time, cancellationToken).ConfigureAwait(false);
            }

            var deliveredMs = cli.Time.GetElapsedTime(started).TotalMilliseconds;
            return new DemoStepView(conversationId.Value, "call (relay)", customer.Value, "loyalty_tier", "gold", readBack, readBack == "gold" && (int)response.StatusCode == 202, Math.Round(acceptedMs, 1), Math.Round(deliveredMs, 1))
            {
                Outcome = output?["status"]?.GetValue<string>() ?? $"HTTP {(int)response.StatusCode}",
                FailureReason = response.IsSuccessStatusCode ? null : body,
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder: best effort.
            }
        }
    }

    public static void Render(CliContext cli, IEnumerable<DemoStepView> steps)
    {
        if (steps.FirstOrDefault(s => s.MediaType == "call (relay)") is { } relayed)
        {
            cli.Out.MarkupLine(relayed.Match
                ? $"Through the relay: [green]202 in {relayed.WriteMs:0.0} ms[/] (durable in SQLite), read back from the call {relayed.ReadMs:0} ms after the request."
                : $"Through the relay: [red]{Markup.Escape(relayed.Outcome ?? "")}[/] {Markup.Escape(relayed.FailureReason ?? "the value did not read back within 10 s")}");
        }
    }
}
