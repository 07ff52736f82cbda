using System.CommandLine;
using ParticipantData.Cli.Output;
using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Emulator;

internal static class EmulatorCommand
{
    public const int DefaultPort = 5080;

    public static Command Create(CliContext cli)
    {
        var port = new Option<int>("--port") { Description = $"Port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => DefaultPort, HelpName = "N" };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535.");
            }
        });
        var clientId = new Option<string?>("--client-id") { Description = $"OAuth client id to accept (default {EmulatorOAuthClient.Default.ClientId}).", HelpName = "id" };
        var clientSecret = new Option<string?>("--client-secret") { Description = "OAuth client secret to accept (give it with --client-id).", HelpName = "secret" };
        var noSeed = new Option<bool>("--no-seed") { Description = "Start without the seeded call and web-messaging conversation." };
        var faultPlan = new Option<string?>("--fault-plan")
        {
            Description = $"Inject faults: a fault plan JSON file, or a built-in plan ({string.Join(", ", FaultPlan.BuiltInNames)}).",
            HelpName = "file.json|chaos",
        };
        var lifecycle = new Option<bool>("--lifecycle")
        {
            Description = "The contended world: every call moves IVR → queue → agent → wrap-up, its flow writes participant data, and writes take service time (409s).",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the lifecycle's jitter and of the fault plan (same seed, same run).", HelpName = "N" };
        var deployments = new Option<string[]>("--deployment")
        {
            Description = $"Another web-messaging deployment id the guest WebSocket accepts (besides {WebMessagingOptions.DefaultDeploymentId}); repeat for more.",
            HelpName = "ID",
        };
        var command = new Command("emulator", "Run a local Genesys Cloud (API, login and admin on one origin) until Ctrl+C.")
        {
            port, clientId, clientSecret, noSeed, faultPlan, lifecycle, seed, deployments,
        };
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(clientId);
            var secret = parse.GetValue(clientSecret);
            if ((id is null) != (secret is null))
            {
                throw new UsageException("Give --client-id and --client-secret together.", "Or give neither to accept the default client.");
            }

            var options = new EmulatorOptions
            {
                Port = parse.GetValue(port),
                SeedConversations = !parse.GetValue(noSeed),
                Seed = parse.GetValue(seed),
                Lifecycle = parse.GetValue(lifecycle) ? new LifecycleOptions() : null,
            };
            foreach (var deploymentId in parse.GetValue(deployments) ?? [])
            {
                options.WebMessaging.DeploymentIds.Add(deploymentId);
            }

            if (parse.GetValue(faultPlan) is { } plan)
            {
                options.FaultPlan = await LoadFaultPlanAsync(plan, options.Seed, cancellationToken).ConfigureAwait(false);
            }

            if (id is not null)
            {
                options.Clients.Clear();
                options.Clients.Add(EmulatorOAuthClient.Default with { ClientId = id, ClientSecret = secret! });
            }

            EmulatorHost host;
            try
            {
                host = await EmulatorHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ConfigurationException(e.Message, $"Run 'pdata emulator --port 0' for any free port, or pick another with --port.");
            }

            await using var running = host;
            cli.Out.MarkupLine($"[green]Genesys Cloud emulator[/] listening on [bold]{host.BaseUri}[/]");
            cli.Out.MarkupLine($"  OAuth client id:     [bold]{Markup.Escape(host.DefaultClient.ClientId)}[/]");
            cli.Out.MarkupLine($"  OAuth client secret: [bold]{Markup.Escape(host.DefaultClient.ClientSecret)}[/]");
            cli.Out.MarkupLine($"  Use it: export GENESYSCLOUD_API_URL={host.BaseUri.GetLeftPart(UriPartial.Authority)} GENESYSCLOUD_OAUTHCLIENT_ID={Markup.Escape(host.DefaultClient.ClientId)} GENESYSCLOUD_OAUTHCLIENT_SECRET=…");
            cli.Out.MarkupLine($"  Admin API: {host.BaseUri.GetLeftPart(UriPartial.Authority)}/emulator/v1/conversations, request journal: /emulator/v1/requests");
            cli.Out.MarkupLine($"  Web messaging (guest): ws://{host.BaseUri.Authority}/v1?deploymentId=… deployment ids: [bold]{Markup.Escape(string.Join(", ", options.WebMessaging.DeploymentIds))}[/]");
            cli.Out.MarkupLine($"  Dashboard: {host.BaseUri.GetLeftPart(UriPartial.Authority)}/");
            if (options.Lifecycle is not null)
            {
                cli.Out.MarkupLine("  Lifecycle: on (calls move IVR → queue → agent → wrap-up; flows write participant data; writes take 50 ms and may get 409)");
            }

            if (host.FaultPlan is { } active)
            {
                cli.Out.MarkupLine($"  Fault plan: [bold]{Markup.Escape(active.ToString())}[/] (seed {active.Seed ?? options.Seed}); see or change it at /emulator/v1/faultplan");
            }

            foreach (var conversation in host.Conversations)
            {
                cli.Out.MarkupLine($"  Seeded {conversation.MediaType} conversation: [bold]{conversation.Id}[/]");
            }

            cli.Out.MarkupLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cli.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop.
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            cli.Out.MarkupLine("Emulator stopped.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A built-in plan by name, else a plan file; a missing or invalid file is a usage error saying what is wrong.</summary>
    private static async Task<FaultPlan> LoadFaultPlanAsync(string value, int seed, CancellationToken cancellationToken)
    {
        if (FaultPlan.BuiltInNames.Contains(value, StringComparer.Ordinal))
        {
            return FaultPlan.BuiltIn(value, seed);
        }

        const string Hint = "Give a fault plan JSON file (schema in docs/emulator.md, \"Fault plans\") or a built-in plan: chaos.";
        if (!File.Exists(value))
        {
            throw new UsageException($"The fault plan file '{value}' does not exist.", Hint);
        }

        try
        {
            return FaultPlan.Parse(await File.ReadAllTextAsync(value, cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException e)
        {
            throw new UsageException($"The fault plan file '{value}' is not valid: {e.Message}", Hint);
        }
    }
}
