using System.CommandLine;
using ParticipantData.Cli.Output;
using ParticipantData.Emulator;
using ParticipantData.Emulator.Lifecycle;
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
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the seeded conversations' ids, the lifecycle's jitter and the fault plan: same seed, same ids and same run. Without it, ids are random.",
            HelpName = "N",
        };
        var flowFile = new Option<FileInfo[]>("--flow")
        {
            Description = "Run an Archy flow (YAML); its Transfer to ACD names the queue. An inboundMessage flow runs on each web-messaging conversation a guest starts; " +
                "a call flow (inboundCall) runs in each call's IVR phase instead of the built-in flow, with --lifecycle. Give one of each at most.",
            HelpName = "flow.yaml",
        };
        var dataActions = new Option<DirectoryInfo?>("--data-actions") { Description = "With --flow: the data action exports (*.json) its Call Data Actions run, against their real endpoints.", HelpName = "dir" };
        var json = new Option<bool>("--json") { Description = "Print the banner (URL, health URL, client, environment, seeded conversations) as one JSON object." };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "Read the emulator's configuration from a YAML file: OAuth clients and their permissions, rate limits, token lifetime, " +
                "seeded conversations with fixed ids and attributes, lifecycle, fault plan (schema: docs/emulator.md). Options given here win over the file.",
            HelpName = "emulator.yaml",
        };
        var rateLimit = new Option<int?>("--rate-limit") { Description = "API requests per OAuth client per minute (default 300, the platform's; 0 = unlimited).", HelpName = "N" };
        rateLimit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--rate-limit must be 0 (unlimited) or more.");
            }
        });
        var tokenLifetime = new Option<TimeSpan?>("--token-lifetime")
        {
            Description = "Lifetime of the access tokens it issues (3600, 30s, 5m, 24h; default 86400 s, the platform's).",
            HelpName = "duration",
            CustomParser = result => SharedOptions.ParseDuration(result, "--token-lifetime"),
        };
        var deployments = new Option<string[]>("--deployment")
        {
            Description = $"Another web-messaging deployment id the guest WebSocket accepts (besides {WebMessagingOptions.DefaultDeploymentId}); repeat for more.",
            HelpName = "ID",
        };
        var command = new Command("emulator", "Run a local Genesys Cloud (API, login and admin on one origin) until Ctrl+C.")
        {
            port, clientId, clientSecret, noSeed, faultPlan, lifecycle, seed, config, rateLimit, tokenLifetime, json, deployments, flowFile, dataActions,
        }.WithExamples(
            "pdata emulator --port 5080 --seed 1",
            "pdata emulator --config examples/emulator.yaml",
            "pdata emulator --port 0 --json --rate-limit 5   # any free port; the banner as JSON for scripts",
            "pdata emulator --lifecycle --fault-plan chaos --seed 7",
            "pdata emulator --lifecycle --flow examples/flows/loyalty-routing.yaml --data-actions examples/flows/data-actions",
            "pdata emulator --flow examples/flows/messaging-routing.yaml");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(clientId);
            var secret = parse.GetValue(clientSecret);
            if ((id is null) != (secret is null))
            {
                throw new UsageException("Give --client-id and --client-secret together.", "Or give neither to accept the default client.");
            }

            using var http = new HttpClient();
            var (userFlow, messageFlow) = await EmulatorFlows.LoadAsync(cli, parse.GetValue(flowFile) ?? [], parse.GetValue(dataActions), http,
                lifecycleGiven: parse.GetValue(lifecycle) || parse.GetValue(config) is not null, cancellationToken).ConfigureAwait(false);

            var options = new EmulatorOptions { Port = DefaultPort, SeedConversations = true };
            if (parse.GetValue(config) is { } file)
            {
                await LoadConfigurationAsync(file, options, cancellationToken).ConfigureAwait(false);
            }

            if (Given(parse, port))
            {
                options.Port = parse.GetValue(port);
            }

            if (parse.GetValue(noSeed))
            {
                options.SeedConversations = false;
            }

            if (Given(parse, seed))
            {
                options.Seed = parse.GetValue(seed);
                options.SeedIdsFromSeed = true;
            }

            if (parse.GetValue(lifecycle))
            {
                options.Lifecycle ??= new LifecycleOptions();
            }

            if (userFlow is not null)
            {
                if (options.Lifecycle is null)
                {
                    throw new UsageException("--flow with a call flow runs in the calls' IVR phase: give --lifecycle too (or a lifecycle in --config).");
                }

                options.Lifecycle = options.Lifecycle with { Flow = userFlow };
            }

            options.WebMessaging.Flow = messageFlow ?? options.WebMessaging.Flow;

            if (parse.GetValue(rateLimit) is { } limit)
            {
                options.RequestsPerMinute = limit;
            }

            if (parse.GetValue(tokenLifetime) is { } lifetime)
            {
                options.TokenLifetime = lifetime;
            }

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
            catch (ArgumentException e)
            {
                // Settings that are each valid but not together (e.g. a seeded conversation too large for the limits).
                throw new UsageException(e.Message, "Fix the configuration file or the options; docs/emulator.md describes them.");
            }

            await using var running = host;
            using var registration = cli.Session.RegisterEmulator(host.BaseUri);
            var banner = EmulatorBanner.For(host, options.SeedIdsFromSeed ? options.Seed : null, options.Lifecycle is not null, options);
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(banner)).ConfigureAwait(false);
                await cli.RawOut.FlushAsync(cancellationToken).ConfigureAwait(false);
                cli.Notice("Press Ctrl+C to stop.");
            }
            else
            {
                banner.Render(cli, host.FaultPlan?.Seed ?? options.Seed);
            }

            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cli.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop.
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                cli.Notice("Emulator stopped.");
            }
            else
            {
                cli.Out.MarkupLine("Emulator stopped.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static async Task LoadConfigurationAsync(FileInfo file, EmulatorOptions options, CancellationToken cancellationToken)
    {
        const string Hint = "Fix the file at that place; docs/emulator.md (\"Configuration file\") describes every setting, examples/emulator.yaml shows them.";
        if (!file.Exists)
        {
            throw new UsageException($"The configuration file '{file.FullName}' does not exist.", Hint);
        }

        try
        {
            EmulatorConfiguration.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false), file.Name, file.DirectoryName, options);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message, Hint);
        }
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
