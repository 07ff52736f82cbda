using System.CommandLine;
using System.CommandLine.Invocation;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Conversations;
using ParticipantData.Cli.Demo;
using ParticipantData.Cli.Emulator;
using ParticipantData.Cli.Output;

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
            SharedOptions.Verbose,
            SharedOptions.Quiet,
            DemoCommand.Create(cli),
            EmulatorCommand.Create(cli),
            ConversationCommands.Create(cli),
            AttributeCommands.Create(cli),
            Watch.WatchCommand.Create(cli),
            Messenger.MessengerCommand.Create(cli),
            Architect.EvalCommand.Create(cli),
            Architect.CheckCommand.Create(cli),
            Flows.FlowCommands.Create(cli),
            Flows.DataActionTestCommand.Create(cli),
            Relay.RelayCommand.Create(cli),
            Explain.ExplainCommand.Create(cli),
            Doctor.DoctorCommand.Create(cli),
        };
        root.WithExamples("pdata demo", "pdata emulator --port 5080 --seed 1", "pdata attributes get <conversationId> --json");
        // `pdata` alone: the help, and success (there was nothing to fail).
        CommandExamples.Install(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var root = Build(cli);
        var parse = root.Parse(args);
        cli.CommandName = string.Join(' ', CommandPath(parse.CommandResult));
        cli.JsonOutput = WantsJson(parse, args);
        cli.Verbosity = parse.GetValue(SharedOptions.Quiet) ? Verbosity.Quiet
            : parse.GetValue(SharedOptions.Verbose) ? Verbosity.Verbose
            : Verbosity.Normal;
        if (parse.Errors.Count > 0)
        {
            return ReportParseErrors(cli, parse);
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

    /// <summary>Every parse error, then System.CommandLine's own "did you mean" for unmatched tokens, then where the usage is.</summary>
    private static int ReportParseErrors(CliContext cli, ParseResult parse)
    {
        var messages = parse.Errors.Select(e => e.Message).ToList();
        if (messages.Count > 1)
        {
            // "pdata attributes gett": the unmatched token says more than "Required command was not provided".
            messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        var suggestions = TypoSuggestions(parse);
        var path = cli.CommandName.Length == 0 ? "pdata" : "pdata " + cli.CommandName;
        var hint = suggestions.Count > 0
            ? string.Join(" ", suggestions) + $" Run '{path} --help' for usage."
            : $"Run '{path} --help' for usage.";
        return ErrorReporter.Write(cli, new CliFailure(ExitCodes.Usage, "usage", messages[0], hint)
        {
            Details = messages.Count > 1 ? messages.Skip(1).ToList() : null,
        });
    }

    private static List<string> TypoSuggestions(ParseResult parse)
    {
        if (parse.Action is not ParseErrorAction errorAction)
        {
            return [];
        }

        errorAction.ShowHelp = false;
        errorAction.ShowTypoCorrections = true;
        using var suggestions = new StringWriter();
        using var errors = new StringWriter();
        parse.Invoke(new InvocationConfiguration { Output = suggestions, Error = errors });
        // "'demoo' was not matched. Did you mean one of the following?\ndemo" → "'demoo' was not matched. Did you mean one of the following? demo"
        return suggestions.ToString()
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(block => block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(lines => lines.Length > 0)
            .Select(lines => lines.Length == 1 ? lines[0] : $"{lines[0]} {string.Join(", ", lines.Skip(1))}.")
            .ToList();
    }

    private static bool WantsJson(ParseResult parse, string[] args)
    {
        var json = parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--json");
        return json is Option<bool> flag ? parse.GetValue(flag) : args.Contains("--json", StringComparer.Ordinal);
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
