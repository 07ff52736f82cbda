using System.CommandLine;
using System.Net;
using System.Text.Json;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using ParticipantData.Emulator;
using ParticipantData.Relay;
using ParticipantData.Relay.Api;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Configuration;
using ParticipantData.Relay.Store;
using Spectre.Console;

namespace ParticipantData.Cli.Relay;

/// <summary><c>pdata relay</c> (serve), <c>pdata relay data-action</c>, <c>pdata relay hash-key</c>.</summary>
internal static class RelayCommand
{
    public const string ApiKeysVariable = "PDATA_RELAY_API_KEYS";

    public static Command Create(CliContext cli)
    {
        var port = new Option<int?>("--port") { Description = "Port on 127.0.0.1 (0 = any free port; default 5090 or relay.yaml's port).", HelpName = "N" };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535.");
            }
        });
        var store = new Option<string?>("--store") { Description = "The queue: a SQLite file (created if missing; default relay.db), or a PostgreSQL database shared by several relay instances (an Npgsql connection string \"Host=...;Database=...;Username=...\" or a postgres:// URL).", HelpName = "path|connection" };
        var apiKey = new Option<string[]>("--api-key")
        {
            Description = $"An API key clients must send (Authorization: Bearer KEY, or as the HTTP Basic password); repeatable. Also {ApiKeysVariable} (comma-separated) or hashed keys in relay.yaml.",
            HelpName = "KEY",
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<string?>("--config") { Description = "relay.yaml to read (default: ./relay.yaml when it exists).", HelpName = "relay.yaml" };
        var deadline = new Option<int?>("--deadline") { Description = "Default deadline of a write in seconds (default 60).", HelpName = "seconds" };
        var noEnsure = new Option<bool>("--no-ensure") { Description = "Do not guard delivered values against the flow's write-back." };
        var log = new Option<bool>("--log") { Description = "Log deliveries and failures to the console." };
        var command = new Command(
            "relay",
            "Run the write-behind relay until Ctrl+C: POST /v1/writes answers 202 once the write is durable (SQLite), then it is delivered with the writer under the OAuth client's budget. See docs/relay.md.")
        {
            port, store, apiKey, config, deadline, noEnsure, log, SharedOptions.ApiUrl,
            DataActionCommand(cli),
            HashKeyCommand(cli),
        }.WithExamples(
            "pdata relay --port 8080 --store relay.db --api-key \"$RELAY_KEY\"",
            "pdata relay --config relay.yaml",
            "pdata relay data-action --url https://relay.example.com --attribute loyalty_tier > write-via-relay.json");
        // --api-url is no longer global: the relay reads it, so it declares it.
        command.WithConnectionOptions();
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var options = new RelayOptions { EnableConsoleLogging = parse.GetValue(log) };
            var configPath = parse.GetValue(config) ?? (File.Exists("relay.yaml") ? "relay.yaml" : null);
            if (configPath is not null)
            {
                if (!File.Exists(configPath))
                {
                    throw new UsageException($"The relay configuration '{configPath}' does not exist.", "Give an existing relay.yaml with --config (schema in docs/relay.md).");
                }

                try
                {
                    RelayConfigFile.Apply(configPath, options, name => cli.Environment[name] as string);
                }
                catch (FormatException e)
                {
                    throw new UsageException(e.Message, "Fix relay.yaml (schema in docs/relay.md).");
                }
            }

            if (parse.GetValue(port) is { } p)
            {
                options.Port = p;
            }

            if (parse.GetValue(store) is { } s)
            {
                options.StorePath = s;
            }

            if (parse.GetValue(deadline) is { } d)
            {
                options.DefaultDeadline = TimeSpan.FromSeconds(d);
            }

            if (parse.GetValue(noEnsure))
            {
                options.Ensure = false;
            }

            var keys = (parse.GetValue(apiKey) ?? []).ToList();
            if (cli.Environment[ApiKeysVariable] is string fromEnvironment)
            {
                keys.AddRange(fromEnvironment.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            foreach (var (key, index) in keys.Select((k, i) => (k, i)))
            {
                options.ApiKeys.Add(ApiKey.FromSecret($"cli{index + 1}", key));
            }

            if (options.ApiKeys.Count == 0)
            {
                throw new UsageException(
                    "No API key: the relay accepts no unauthenticated write.",
                    $"Give --api-key KEY (repeatable), set {ApiKeysVariable}, or list hashed keys in relay.yaml (pdata relay hash-key KEY).");
            }

            var (platform, embedded) = await ConnectAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            await using var emulator = embedded;
            options.Platform = platform;
            RelayHost relay;
            try
            {
                relay = await RelayHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ConfigurationException(e.Message, "Run 'pdata relay --port 0' for any free port, or pick another with --port.");
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message, "Run 'pdata relay --help' for the options.");
            }
            catch (InvalidOperationException e)
            {
                throw new ConfigurationException(e.Message, RelayStoreLocation.IsPostgres(options.StorePath) ? "Check the PostgreSQL connection in --store (docs/relay.md, 'Several instances on PostgreSQL')." : "Use another --store file or a relay that knows this store.");
            }

            await using var running = relay;
            cli.Out.MarkupLine($"[green]pdata relay[/] listening on [bold]{relay.BaseUri}[/]");
            cli.Out.MarkupLine($"  Store: {Markup.Escape(RelayStoreLocation.Describe(options.StorePath))}; instance {Markup.Escape(relay.InstanceName)}");
            cli.Out.MarkupLine($"  Delivering to: {Markup.Escape(relay.PlatformUrl.ToString())} as OAuth client {Markup.Escape(platform.ClientId ?? "")} ({platform.RequestsPerMinute}/min)");
            cli.Out.MarkupLine($"  API keys: {options.ApiKeys.Count} ({Markup.Escape(string.Join(", ", options.ApiKeys.Select(k => k.Name)))}); sources: {(options.Sources.Count == 0 ? "none" : Markup.Escape(string.Join(", ", options.Sources.Keys)))}");
            cli.Out.MarkupLine($"  POST {relay.BaseUri}v1/writes, GET /v1/writes/{{writeId}}, POST /v1/enrichments, GET /healthz, GET /metrics");
            cli.Out.MarkupLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cli.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop.
            }

            await relay.StopAsync(CancellationToken.None).ConfigureAwait(false);
            cli.Out.MarkupLine("Relay stopped; queued writes stay in the store for the next start.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DataActionCommand(CliContext cli)
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The relay's public base URL, behind TLS (e.g. https://relay.example.com).",
            Required = true,
            HelpName = "url",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
                {
                    return parsed;
                }

                result.AddError($"--url must be an absolute http(s) URL such as https://relay.example.com; got '{text}'.");
                return null;
            },
        };
        var attribute = new Option<string[]>("--attribute") { Description = "An attribute the action writes, as an input of its own (repeatable). Default: one attributeName/attributeValue pair.", HelpName = "name" };
        var name = new Option<string?>("--name") { Description = "The data action's name.", HelpName = "name" };
        var purpose = new Option<string?>("--purpose") { Description = "Write to the participant with this purpose (e.g. customer) instead of taking a participantId input.", HelpName = "purpose" };
        var command = new Command("data-action", "Print a Genesys web services data action definition (import it in Admin > Integrations > Actions) that writes participant data through this relay.")
        {
            url, attribute, name, purpose,
        }.WithExamples(
            "pdata relay data-action --url https://relay.example.com",
            "pdata relay data-action --url https://relay.example.com --attribute loyalty_tier --attribute case_id",
            "pdata relay data-action --url https://relay.example.com --purpose customer --attribute loyalty_tier");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(url)!;
            if (target.Scheme != "https" && !IsLoopback(target))
            {
                cli.Notice("The URL is not https: Genesys Cloud calls web services over TLS; put the relay behind a TLS proxy (docs/relay.md).");
            }

            System.Text.Json.Nodes.JsonObject definition;
            try
            {
                definition = RelayDataAction.Create(target, parse.GetValue(attribute), parse.GetValue(name) ?? "Write participant data via pdata relay", parse.GetValue(purpose));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter", 2)[0], "Run 'pdata relay data-action --help'.");
            }

            await cli.RawOut.WriteLineAsync(definition.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command HashKeyCommand(CliContext cli)
    {
        var key = new Argument<string>("key") { Description = "The API key to hash." };
        var command = new Command("hash-key", "Print the SHA-256 form of an API key, for apiKeys in relay.yaml (the key itself is never stored).") { key }.WithExamples(
            "pdata relay hash-key \"$RELAY_KEY\"");
        command.SetCliAction(cli, async (parse, _) =>
        {
            await cli.RawOut.WriteLineAsync(ApiKey.HashText(parse.GetValue(key)!)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The Genesys connection as everywhere (GENESYSCLOUD_*, --api-url); with none, an embedded emulator, said so.</summary>
    private static async Task<(ParticipantDataClientOptions Options, EmulatorHost? Embedded)> ConnectAsync(CliContext cli, Uri? apiUrl, CancellationToken cancellationToken)
    {
        var options = ParticipantDataClientOptions.FromEnvironment(cli.Environment);
        if (apiUrl is not null)
        {
            options.ApiUrl = apiUrl;
        }

        if (!options.HasConnectionSettings)
        {
            var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true }, cancellationToken).ConfigureAwait(false);
            cli.Notice($"No GENESYSCLOUD_* settings or --api-url: delivering to an embedded emulator at {host.BaseUri} (seeded: {string.Join(", ", host.Conversations.Select(c => $"{c.MediaType} {c.Id}"))}).");
            options.ApiUrl = host.BaseUri;
            options.ClientId = host.DefaultClient.ClientId;
            options.ClientSecret = host.DefaultClient.ClientSecret;
            return (options, host);
        }

        if (options.ClientId is null && options.ClientSecret is null && options.ApiUrl is { } url && IsLoopback(url))
        {
            options.ClientId = EmulatorOAuthClient.Default.ClientId;
            options.ClientSecret = EmulatorOAuthClient.Default.ClientSecret;
            cli.Notice($"No {ParticipantDataClientOptions.ClientIdVariable} set: using the emulator's default client '{options.ClientId}' for {url}.");
        }

        if (options.ClientId is null || options.ClientSecret is null)
        {
            throw new ConfigurationException(
                $"Connection settings are incomplete: {ParticipantDataClientOptions.ClientIdVariable} and {ParticipantDataClientOptions.ClientSecretVariable} must both be set.",
                $"Set both (and {ParticipantDataClientOptions.RegionVariable}, e.g. us-east-1, or --api-url), or unset all GENESYSCLOUD_* variables to use the embedded emulator.");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(e.Message, "Fix the GENESYSCLOUD_* variables or --api-url.");
        }

        return (options, null);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
}
