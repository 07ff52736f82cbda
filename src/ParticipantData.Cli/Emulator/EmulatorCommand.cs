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
        var command = new Command("emulator", "Run a local Genesys Cloud (API, login and admin on one origin) until Ctrl+C.")
        {
            port, clientId, clientSecret, noSeed,
        };
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(clientId);
            var secret = parse.GetValue(clientSecret);
            if ((id is null) != (secret is null))
            {
                throw new UsageException("Give --client-id and --client-secret together.", "Or give neither to accept the default client.");
            }

            var options = new EmulatorOptions { Port = parse.GetValue(port), SeedConversations = !parse.GetValue(noSeed) };
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
}
