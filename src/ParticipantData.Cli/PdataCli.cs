using System.CommandLine;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Conversations;
using ParticipantData.Cli.Demo;
using ParticipantData.Cli.Emulator;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli;

/// <summary>The <c>pdata</c> command tree; <see cref="RunAsync"/> is what <c>Main</c> and the CLI tests call.</summary>
internal static class PdataCli
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand(
            "pdata: write, read and test Genesys Cloud participant data, with a local emulator.\n" +
            "Connection: GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION (e.g. us-east-1), " +
            "or GENESYSCLOUD_API_URL / --api-url for any base URL; with none set, an embedded emulator is used.\n" +
            ExitCodes.HelpText)
        {
            SharedOptions.ApiUrl,
            DemoCommand.Create(cli),
            EmulatorCommand.Create(cli),
            ConversationCommands.Create(cli),
            AttributeCommands.Create(cli),
            Watch.WatchCommand.Create(cli),
            Messenger.MessengerCommand.Create(cli),
            Architect.EvalCommand.Create(cli),
            Architect.CheckCommand.Create(cli),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var root = Build(cli);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                cli.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            var command = parse.CommandResult.Command;
            var path = command == root ? "pdata" : "pdata " + string.Join(' ', CommandPath(parse.CommandResult));
            cli.Error.MarkupLine($"[yellow]hint:[/] run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = cli.RawOut }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(cli, e);
        }
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
