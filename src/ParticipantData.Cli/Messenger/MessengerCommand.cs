using System.CommandLine;
using System.Net;
using System.Net.WebSockets;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using ParticipantData.Client.WebMessaging;
using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Messenger;

/// <summary><c>pdata messenger send</c>: a web-messaging guest's message with custom attributes, as a visitor's page sends it.</summary>
internal static class MessengerCommand
{
    public static Command Create(CliContext cli) =>
        new Command("messenger", "Act as a web-messaging guest (the visitor's side of Messenger) on the guest API's WebSocket.") { CreateSend(cli) }.WithExamples(
            "pdata messenger send --attr loyalty_tier=gold \"hi\"",
            "pdata messenger send --deployment <deploymentId> --attr loyalty_tier=gold --attr case=42 \"I need help\"");

    private static Command CreateSend(CliContext cli)
    {
        var text = new Argument<string>("text") { Description = "The message text." };
        var deployment = new Option<string?>("--deployment")
        {
            Description = $"The Messenger deployment id (default on a local emulator: {WebMessagingOptions.DefaultDeploymentId}).",
            HelpName = "id",
        };
        var attributes = new Option<string[]>("--attr")
        {
            Description = "A custom attribute key=value sent with the message (message.channel.metadata.customAttributes); repeat for more.",
            HelpName = "key=value",
            AllowMultipleArgumentsPerToken = false,
        };
        var token = new Option<string?>("--token") { Description = "The guest token of an earlier session to resume (default: a new session).", HelpName = "token" };
        var json = SharedOptions.Json();
        var command = new Command("send", "Send a message as a web-messaging guest and print the conversation id the platform side can read.")
        {
            text, deployment, attributes, token, json,
        }.WithConnectionOptions().WithExamples(
            "pdata messenger send --attr loyalty_tier=gold \"hi\"                  # a local emulator's default deployment",
            "pdata messenger send --deployment <deploymentId> --attr tier=gold --json \"hi\"",
            "pdata messenger send --token <token> \"me again\"                    # resume an earlier session");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var message = parse.GetValue(text)!;
            if (string.IsNullOrWhiteSpace(message))
            {
                throw new UsageException("The message text is empty.", "Give the text to send, e.g. pdata messenger send \"hi\".");
            }

            var custom = AttributeCommands.ParsePairs(parse.GetValue(attributes) ?? []);
            var (apiUrl, embedded) = await ResolveAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            await using var _ = embedded;
            var deploymentId = parse.GetValue(deployment);
            if (deploymentId is null)
            {
                if (embedded is null && !IsLoopback(apiUrl))
                {
                    throw new UsageException("--deployment is required for a Genesys Cloud org.", "Give the id of your Messenger deployment (Admin > Message > Messenger Deployments).");
                }

                deploymentId = WebMessagingOptions.DefaultDeploymentId;
            }

            await using var guest = new WebMessagingGuest(new WebMessagingGuestOptions
            {
                WebSocketUri = WebMessagingGuest.GuestUriFor(apiUrl),
                DeploymentId = deploymentId,
                Token = parse.GetValue(token),
                TimeProvider = cli.Time,
            });
            GuestMessageReceipt receipt;
            try
            {
                await guest.ConnectAsync(cancellationToken).ConfigureAwait(false);
                guest.SetCustomAttributes(custom);
                receipt = await guest.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (WebMessagingException e)
            {
                throw new GuestRefusedException(e.Message, HintFor(e.Code));
            }
            catch (WebSocketException e)
            {
                throw new ConfigurationException($"Could not open the guest WebSocket {WebMessagingGuest.GuestUriFor(apiUrl)}: {e.Message}",
                    "Check the API URL or region, and that the emulator (pdata emulator) is running.");
            }

            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new MessengerView(receipt.ConversationId, deploymentId, receipt.MessageId, receipt.CustomAttributesSent))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (receipt.ConversationId is { } conversationId)
            {
                cli.Out.MarkupLine($"Sent as a web-messaging guest with {custom.Count} custom attribute{(custom.Count == 1 ? "" : "s")}; conversation:");
                await cli.RawOut.WriteLineAsync(conversationId).ConfigureAwait(false);
                cli.Notice($"Read it from the platform side: pdata attributes get {conversationId}");
            }
            else
            {
                cli.Out.MarkupLine("Sent. The guest API does not name the conversation; find it from the platform side (e.g. an analytics conversation query).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string HintFor(int code) => code switch
    {
        WebMessagingException.CustomAttributeSizeTooLarge => "Shorten the custom attributes: their keys and values together must fit in maxCustomDataBytes (UTF-8 bytes).",
        403 => "Check --deployment: it must be a deployment the server knows (pdata emulator --deployment ID adds one).",
        4007 => "Leave --token out to start a new session.",
        _ => "See the message above; run with --help for the options.",
    };

    private static async Task<(Uri ApiUrl, EmulatorHost? Embedded)> ResolveAsync(CliContext cli, Uri? apiUrl, CancellationToken cancellationToken)
    {
        var options = ParticipantDataClientOptions.FromEnvironment(cli.Environment);
        if ((apiUrl ?? options.ApiUrl) is { } url)
        {
            return (url, null);
        }

        if (options.Region is { } region)
        {
            return GenesysRegions.TryGetApiUrl(region, out var regional)
                ? (regional, null)
                : throw new ConfigurationException($"Unknown {ParticipantDataClientOptions.RegionVariable} '{region}'.", "Use a region such as us-east-1 or eu-west-1, or --api-url.");
        }

        var host = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken).ConfigureAwait(false);
        cli.Notice($"No GENESYSCLOUD_* settings or --api-url: using an embedded emulator at {host.BaseUri}; the conversation ends with this command (run pdata emulator to keep one).");
        return (host.BaseUri, host);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
}

/// <summary>The guest API refused the message (4013, unknown deployment, ...): exit code 4 with the server's message.</summary>
internal sealed class GuestRefusedException(string message, string hint) : ParticipantDataException(message, hint);
