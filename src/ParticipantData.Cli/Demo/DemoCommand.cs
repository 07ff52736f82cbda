using System.CommandLine;
using System.Globalization;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Demo;

/// <summary>
/// The whole story on an embedded emulator: create a voice call and a web-messaging conversation, write
/// participant data on each customer, read it back, and show what was written, read and how long it took.
/// </summary>
internal static class DemoCommand
{
    private static readonly (string MediaType, Dictionary<string, string> Attributes)[] Script =
    [
        ("call", new(StringComparer.Ordinal) { ["loyalty_tier"] = "gold", ["priority_tier"] = "platinum" }),
        ("message", new(StringComparer.Ordinal) { ["loyalty_tier"] = "silver", ["priority_tier"] = "standard" }),
    ];

    public static Command Create(CliContext cli)
    {
        var json = SharedOptions.Json();
        var command = new Command("demo", "Write and read back participant data on an emulated voice call, a web-messaging conversation, a call under contention (409s absorbed, values verified) and a data action style write through the relay, on an embedded emulator of its own; exits 0 only if every value reads back as written.") { json }.WithExamples(
            "pdata demo",
            "pdata demo --json");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            await using var host = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken).ConfigureAwait(false);
            using var client = Connection.Connection.ClientFor(host);
            if (!asJson)
            {
                cli.Out.MarkupLine($"Embedded Genesys Cloud emulator at [bold]{host.BaseUri}[/]");
            }

            List<DemoStepView> steps = [];
            foreach (var (mediaType, attributes) in Script)
            {
                steps.AddRange(await RunConversationAsync(cli, host, client, mediaType, attributes, asJson, cancellationToken).ConfigureAwait(false));
            }

            steps.AddRange(await RunContendedAsync(cli, host, client, asJson, cancellationToken).ConfigureAwait(false));
            steps.Add(await RelayDemoStep.RunAsync(cli, host, client, asJson, cancellationToken).ConfigureAwait(false));

            var succeeded = steps.All(s => s.Match);
            if (asJson)
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new DemoView(succeeded, steps))).ConfigureAwait(false);
            }
            else
            {
                Render(cli, steps, succeeded);
            }

            return succeeded ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static async Task<List<DemoStepView>> RunConversationAsync(
        CliContext cli,
        EmulatorHost host,
        ParticipantDataClient client,
        string mediaType,
        Dictionary<string, string> attributes,
        bool quiet,
        CancellationToken cancellationToken)
    {
        var created = await host.CreateConversationAsync(new NewConversation(mediaType), cancellationToken).ConfigureAwait(false);
        var conversationId = ConversationId.Parse(created.Id);
        var customer = await client.GetParticipantAsync(conversationId, ParticipantSelector.Customer, cancellationToken).ConfigureAwait(false);
        if (!quiet)
        {
            cli.Out.MarkupLine($"Created a {Label(mediaType)} [bold]{conversationId}[/]; customer participant {customer.Id}");
        }

        var started = cli.Time.GetTimestamp();
        await client.SetParticipantAttributesAsync(conversationId, ParticipantSelector.ById(customer.Id), attributes, cancellationToken).ConfigureAwait(false);
        var writeMs = cli.Time.GetElapsedTime(started).TotalMilliseconds;

        started = cli.Time.GetTimestamp();
        var readBack = await client.GetParticipantAttributesAsync(conversationId, ParticipantSelector.ById(customer.Id), cancellationToken).ConfigureAwait(false);
        var readMs = cli.Time.GetElapsedTime(started).TotalMilliseconds;

        return attributes
            .Select(a => new DemoStepView(
                conversationId.Value,
                mediaType,
                customer.Id.Value,
                a.Key,
                a.Value,
                readBack.TryGetValue(a.Key, out var value) ? value : null,
                readBack.TryGetValue(a.Key, out var v) && string.Equals(v, a.Value, StringComparison.Ordinal),
                Math.Round(writeMs, 1),
                Math.Round(readMs, 1)))
            .ToList();
    }

    /// <summary>
    /// A call whose IVR flow writes participant data every 100 ms while another service writes to the same
    /// conversation: the platform answers some writes 409; the writer absorbs them and verifies by reading back.
    /// </summary>
    private static async Task<List<DemoStepView>> RunContendedAsync(
        CliContext cli,
        EmulatorHost host,
        ParticipantDataClient client,
        bool quiet,
        CancellationToken cancellationToken)
    {
        var lifecycle = new LifecycleOptions { FlowWriteInterval = TimeSpan.FromMilliseconds(100), DtmfInterval = TimeSpan.FromSeconds(1) };
        var created = await host.CreateConversationAsync(new NewConversation("call", Lifecycle: lifecycle), cancellationToken).ConfigureAwait(false);
        var conversationId = ConversationId.Parse(created.Id);
        var customer = ParticipantId.Parse(created.Participants.First(p => p.Purpose == "customer").Id);
        if (!quiet)
        {
            cli.Out.MarkupLine($"Created a contended voice call [bold]{conversationId}[/]: its IVR flow writes every 100 ms and a CRM sync writes alongside us");
        }

        using var crmClient = Connection.Connection.ClientFor(host);
        await crmClient.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false); // logged in before the race starts
        var crm = new AttributeWriter(crmClient);
        var ours = new AttributeWriter(client);
        var written = new Dictionary<string, string>(StringComparer.Ordinal) { ["loyalty_tier"] = "platinum", ["priority_tier"] = "high" };
        using var stopCrm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = host.Statistics.Requests;
        var crmSync = Task.Run(
            async () =>
            {
                // A sync that writes a few times a second, as a CRM reacting to events does. (A loop with no pause would
                // hold a write in the shared budget at every moment, and the budget serves writes before verification reads.)
                for (var i = 1; !stopCrm.IsCancellationRequested; i++)
                {
                    await crm.WriteAsync(conversationId, customer, new Dictionary<string, string> { ["crm.sync"] = $"sync-{i}" }, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(250), cli.Time, stopCrm.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            },
            CancellationToken.None);
        // Start while the CRM's first PATCH is being processed, as happens in production when two services react to the same event.
        for (var waited = 0; host.Statistics.Requests == received && waited < 1000; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), cli.Time, cancellationToken).ConfigureAwait(false);
        }

        var options = new WriteOptions { Verify = VerifyMode.ReadBack, Deadline = TimeSpan.FromSeconds(5) };
        var result = await ours.WriteAsync(conversationId, customer, written, options, cancellationToken).ConfigureAwait(false);
        await stopCrm.CancelAsync().ConfigureAwait(false);
        await crmSync.ConfigureAwait(false);
        var started = cli.Time.GetTimestamp();
        var readBack = await client.GetParticipantAttributesAsync(conversationId, ParticipantSelector.ById(customer), cancellationToken).ConfigureAwait(false);
        var readMs = cli.Time.GetElapsedTime(started).TotalMilliseconds;

        return written
            .Select(a => new DemoStepView(
                conversationId.Value,
                "call (contended)",
                customer.Value,
                a.Key,
                a.Value,
                readBack.TryGetValue(a.Key, out var value) ? value : null,
                result.Outcome == WriteOutcome.Verified && readBack.TryGetValue(a.Key, out var v) && v == a.Value,
                Math.Round(result.Latency.TotalMilliseconds, 1),
                Math.Round(readMs, 1))
            {
                ConflictsAbsorbed = result.ConflictsAbsorbed,
                Outcome = result.Outcome.ToString().ToLowerInvariant(),
                FailureReason = result.FailureMessage,
            })
            .ToList();
    }

    private static void Render(CliContext cli, List<DemoStepView> steps, bool succeeded)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Participant data written and read back")
            .AddColumn(new TableColumn("Media").NoWrap()).AddColumn(new TableColumn("Key").NoWrap()).AddColumn("Written").AddColumn("Read back")
            .AddColumn(new TableColumn("OK").Centered()).AddColumn(new TableColumn("ms write/read").RightAligned().NoWrap());
        foreach (var s in steps)
        {
            table.AddRow(
                ShortLabel(s.MediaType),
                Markup.Escape(s.Key),
                Markup.Escape(s.Written),
                s.ReadBack is null ? "[red](missing)[/]" : Markup.Escape(s.ReadBack),
                s.Match ? "[green]✓[/]" : "[red]✗[/]",
                string.Create(CultureInfo.InvariantCulture, $"{s.WriteMs:0.0} / {s.ReadMs:0.0}"));
        }

        cli.Out.Write(table);
        if (steps.FirstOrDefault(s => s.Outcome is not null && s.MediaType != "call (relay)") is { } contended)
        {
            cli.Out.MarkupLine(contended.Outcome == "verified"
                ? $"Under contention: [green]{contended.ConflictsAbsorbed} conflict{(contended.ConflictsAbsorbed == 1 ? "" : "s")} (409) absorbed[/], values verified by reading back, in {contended.WriteMs:0} ms."
                : $"Under contention: [red]{Markup.Escape(contended.Outcome ?? "")}[/]: {Markup.Escape(contended.FailureReason ?? "")}");
        }

        RelayDemoStep.Render(cli, steps);
        var matched = steps.Count(s => s.Match);
        cli.Out.MarkupLine(succeeded
            ? $"[green]All {steps.Count} values read back as written.[/]"
            : $"[red]{steps.Count - matched} of {steps.Count} values did not read back as written.[/]");
    }

    private static string Label(string mediaType) => mediaType == "message" ? "web-messaging conversation" : "voice call";

    private static string ShortLabel(string mediaType) => mediaType == "message" ? "messaging" : mediaType;
}
