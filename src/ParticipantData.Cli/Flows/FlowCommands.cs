using System.CommandLine;
using ParticipantData.Architect;
using ParticipantData.Architect.Flows;
using ParticipantData.Cli.Architect;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli.Flows;

/// <summary>
/// <c>pdata flow run</c> (one run, its trace and outcome) and <c>pdata flow test</c> (scenarios with expectations;
/// exit 1 when one fails, with the step where the run diverged; JUnit with <c>--junit</c>).
/// </summary>
internal static class FlowCommands
{
    public static Command Create(CliContext cli) =>
        new Command("flow", "Run the participant-data part of an Architect flow (Archy YAML) offline: Get/Set Participant Data, Decision, Switch, Call Data Action, Transfer to ACD.")
        {
            Run(cli),
            Test(cli),
        }.WithExamples(
            "pdata flow test examples/flows/loyalty-routing.yaml examples/flows/loyalty-scenarios.yaml --data-actions examples/flows/data-actions",
            "pdata flow run examples/flows/loyalty-routing.yaml --data-actions examples/flows/data-actions --ani +13175550100");

    private static Option<DirectoryInfo?> DataActionsOption() => new("--data-actions")
    {
        Description = "A directory of data action export files (*.json, as Genesys exports them) that the flow's Call Data Actions run.",
        HelpName = "dir",
    };

    private static Command Run(CliContext cli)
    {
        var flowFile = new Argument<FileInfo>("flow") { Description = "The flow, in Archy YAML." };
        var dataActions = DataActionsOption();
        var attributesFile = new Option<FileInfo?>("--attributes") { Description = "The participant's attributes, from a JSON object of strings; Set Participant Data writes go to memory.", HelpName = "file.json" };
        var conversation = new Option<string?>("--conversation") { Description = "Run on this conversation (a UUID): Get/Set Participant Data read and write its customer participant through the API.", HelpName = "id" };
        var purpose = new Option<string?>("--purpose") { Description = "With --conversation: the participant by purpose. Default: the customer.", HelpName = "purpose" };
        var variables = new Option<string[]>("--var") { Description = "Set a flow variable: Name[:Type]=value, e.g. --var Flow.customerId=C-1 (repeatable).", HelpName = "name=value", AllowMultipleArgumentsPerToken = false };
        var ani = new Option<string?>("--ani") { Description = "Call.Ani, the caller's number.", HelpName = "number" };
        var dnis = new Option<string?>("--dnis") { Description = "Call.CalledAddress, the number called.", HelpName = "number" };
        var json = SharedOptions.Json();
        var command = new Command("run", "Run a flow once and print every step (action, path, variables, participant data read and written) and the outcome. Call Data Actions call their real endpoints, within the flow's timeout.")
        {
            flowFile, dataActions, attributesFile, conversation, purpose, variables, ani, dnis, json,
        }.WithExamples(
            "pdata flow run examples/flows/loyalty-routing.yaml --data-actions examples/flows/data-actions --ani +13175550100",
            "pdata flow run flow.yaml --attributes attributes.json --var Flow.tier=gold --json",
            "pdata flow run flow.yaml --conversation <conversationId>");
        command.WithConnectionOptions();
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var catalog = await CatalogAsync(parse.GetValue(dataActions), cancellationToken).ConfigureAwait(false);
            var flow = await LoadFlowAsync(parse.GetValue(flowFile)!, catalog, cancellationToken).ConfigureAwait(false);
            var assignments = (parse.GetValue(variables) ?? []).Select(text =>
                VariableAssignments.TryParse(text, out var a, out var error) ? a : throw new UsageException($"--var {text}: {error}")).ToList();
            var file = parse.GetValue(attributesFile);
            var conversationText = parse.GetValue(conversation);
            if (file is not null && conversationText is not null)
            {
                throw new UsageException("Give at most one of --attributes and --conversation.");
            }

            using var http = new HttpClient();
            Connection.Connection? connection = null;
            try
            {
                IFlowParticipantData data;
                string? conversationId = null;
                if (conversationText is not null)
                {
                    var id = SharedOptions.ParseConversationId(conversationText);
                    conversationId = id.Value;
                    connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
                    data = new ConversationParticipantData(connection.Client, id, AttributeCommands.Selector(null, parse.GetValue(purpose)));
                }
                else
                {
                    data = new InMemoryParticipantData(file is null ? null : await Architect.AttributeInput.ReadAsync(cli, file.FullName, cancellationToken).ConfigureAwait(false));
                }

                var input = new FlowRunInput
                {
                    ParticipantData = data,
                    DataActions = new HttpDataActionEndpoint(http, cli.Time),
                    Ani = parse.GetValue(ani),
                    Dnis = parse.GetValue(dnis),
                    ConversationId = conversationId,
                    Variables = assignments,
                };
                FlowRunResult run;
                try
                {
                    run = await new FlowSimulator(flow, catalog, cli.Time).RunAsync(input, cancellationToken).ConfigureAwait(false);
                }
                catch (FlowLoadException e)
                {
                    throw new UsageException(e.Message);
                }

                if (parse.GetValue(json))
                {
                    await cli.RawOut.WriteLineAsync(FlowJsonContext.Serialize(new FlowRunView(run))).ConfigureAwait(false);
                }
                else
                {
                    FlowRender.Trace(cli, run);
                }

                return run.Outcome.Kind == FlowOutcomeKind.Error ? ExitCodes.CheckFailed : ExitCodes.Success;
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    private static Command Test(CliContext cli)
    {
        var flowFile = new Argument<FileInfo>("flow") { Description = "The flow, in Archy YAML." };
        var scenariosFile = new Argument<FileInfo>("scenarios") { Description = "The scenarios YAML (format: docs/architect.md, Flows)." };
        var dataActions = DataActionsOption();
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the results as JUnit XML to this file (for CI test reports).", HelpName = "out.xml" };
        var json = SharedOptions.Json();
        var command = new Command("test", "Run a flow's scenarios (inputs, data action answers, expected outcome) without network; exit 1 when an expectation fails, naming the step where the run diverged.")
        {
            flowFile, scenariosFile, dataActions, junit, json,
        }.WithExamples(
            "pdata flow test examples/flows/loyalty-routing.yaml examples/flows/loyalty-scenarios.yaml --data-actions examples/flows/data-actions",
            "pdata flow test flow.yaml scenarios.yaml --junit flow-results.xml");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var catalog = await CatalogAsync(parse.GetValue(dataActions), cancellationToken).ConfigureAwait(false);
            var flow = await LoadFlowAsync(parse.GetValue(flowFile)!, catalog, cancellationToken).ConfigureAwait(false);
            var file = parse.GetValue(scenariosFile)!;
            if (!file.Exists)
            {
                throw new UsageException($"The scenarios file '{file.FullName}' does not exist.", "Pass a scenarios YAML file; docs/architect.md (Flows) describes the format.");
            }

            FlowScenarioSet set;
            try
            {
                set = FlowScenarioSet.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false), file.Name);
            }
            catch (FlowLoadException e)
            {
                throw new UsageException(e.Message, "docs/architect.md (Flows) describes the scenarios format.");
            }

            using var http = new HttpClient();
            var results = new List<FlowScenarioResult>();
            foreach (var scenario in set.Scenarios)
            {
                try
                {
                    results.Add(await FlowScenarioSet.RunAsync(scenario, flow, catalog, http, cli.Time, cancellationToken).ConfigureAwait(false));
                }
                catch (FlowLoadException e)
                {
                    throw new UsageException($"scenario '{scenario.Name}': {e.Message}");
                }
            }

            if (parse.GetValue(junit) is { } junitFile)
            {
                await JUnitWriter.WriteAsync(junitFile.FullName, JUnit(flow.Name, file.Name, results), cancellationToken).ConfigureAwait(false);
            }

            var passed = results.Count(r => r.Passed);
            if (parse.GetValue(json))
            {
                var views = results.Select(r => new ScenarioView(r.Scenario.Name, r.Passed, r.Failures, r.Run.Outcome, r.Run.Steps)).ToList();
                await cli.RawOut.WriteLineAsync(FlowJsonContext.Serialize(new FlowTestView(passed == results.Count, passed, results.Count - passed, views))).ConfigureAwait(false);
            }
            else
            {
                Render(cli, results);
            }

            return passed == results.Count ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    /// <summary>One testsuite for the flow, one testcase per scenario, a failure per unmet scenario with every unmet expectation and the trace.</summary>
    private static System.Xml.Linq.XDocument JUnit(string flowName, string scenariosFile, List<FlowScenarioResult> results) =>
        JUnitWriter.Build("pdata flow test", [new JUnitSuite(flowName, results.Select(result => new JUnitCase(flowName, result.Scenario.Name, result.Passed ? JUnitOutcome.Passed : JUnitOutcome.Failure)
        {
            File = scenariosFile,
            Time = result.Elapsed,
            Type = "expectation",
            Message = result.Passed ? null : result.Failures[0].Message,
            Details = result.Passed ? null : string.Join("\n", result.Failures.Select(f => f.Message))
                + "\n\nTrace:\n" + string.Join("\n", result.Run.Steps.Select(FlowRender.StepLine))
                + $"\nOutcome: {result.Run.Outcome.Description}",
        }).ToList())]);

    private static void Render(CliContext cli, List<FlowScenarioResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Scenario").AddColumn("Outcome").AddColumn("Result");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Scenario.Name), Markup.Escape(r.Run.Outcome.Description), r.Passed ? "[green]PASS[/]" : "[red]FAIL[/]");
        }

        cli.Out.Write(table);
        foreach (var r in results.Where(r => !r.Passed))
        {
            cli.Out.MarkupLine($"[bold]{Markup.Escape(r.Scenario.Name)}[/]:");
            foreach (var failure in r.Failures)
            {
                cli.Out.MarkupLine($"  [red]FAIL[/] {Markup.Escape(failure.Message)}");
            }

            cli.Out.WriteLine("  trace:");
            foreach (var step in r.Run.Steps)
            {
                cli.Out.WriteLine("    " + FlowRender.StepLine(step));
            }
        }

        var passed = results.Count(r => r.Passed);
        cli.Out.MarkupLine(passed == results.Count
            ? $"[green]OK[/]: {passed} scenario(s) passed"
            : $"[red]FAILED[/]: {passed} passed, {results.Count - passed} failed");
    }

    internal static async Task<DataActionCatalog> CatalogAsync(DirectoryInfo? directory, CancellationToken cancellationToken)
    {
        if (directory is null)
        {
            return new DataActionCatalog();
        }

        try
        {
            return await DataActionCatalog.LoadDirectoryAsync(directory.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (FlowLoadException e)
        {
            throw new UsageException(e.Message, "Export the data actions from Genesys Cloud (Admin > Integrations > Actions > Export) into that directory.");
        }
    }

    internal static async Task<Flow> LoadFlowAsync(FileInfo file, DataActionCatalog catalog, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"The flow file '{file.FullName}' does not exist.", "Pass an Archy YAML flow (archy export --flowType inboundcall ...).");
        }

        try
        {
            var flow = Flow.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false), file.Name, catalog);
            var missing = flow.DataActions.Where(a => !catalog.TryGet(a, out _)).ToList();
            if (missing.Count > 0 && catalog.Actions.Count > 0)
            {
                throw new UsageException($"The flow calls data action(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} that --data-actions does not hold.",
                    $"Known: {string.Join(", ", catalog.Actions.Select(a => $"'{a.Name}'"))}. Add their export files to the directory.");
            }

            return flow;
        }
        catch (FlowLoadException e)
        {
            throw new UsageException(e.Message, "Fix the flow at that line and column; docs/architect.md (Flows) lists what the simulator reads.");
        }
    }
}
