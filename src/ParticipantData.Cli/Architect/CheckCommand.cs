using System.CommandLine;
using System.Text.Json;
using ParticipantData.Architect.Routing;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli.Architect;

/// <summary>
/// <c>pdata check &lt;rules.yaml&gt;... [--conversation &lt;id&gt; | --attributes file.json|-]</c>: a thin wrapper over
/// <see cref="RoutingCheck"/>, per scenario of a file that has them. Exit 0 when every expectation holds, 1 when one fails or an expression fails at
/// runtime, 2 when the rules file or an expression in it is malformed.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext cli)
    {
        var rulesFiles = new Argument<FileInfo[]>("rules")
        {
            Description = "One or more routing rules YAML files (format: docs/architect.md). A file with scenarios: runs each scenario on its own data; a file without is checked against --attributes or --conversation.",
            Arity = ArgumentArity.OneOrMore,
        };
        var conversation = new Option<string?>("--conversation") { Description = "Read the participant attributes from this conversation (a UUID).", HelpName = "id" };
        var participant = new Option<string?>("--participant") { Description = "With --conversation: the participant id. Default: the customer.", HelpName = "id" };
        var purpose = new Option<string?>("--purpose") { Description = "With --conversation: pick the participant by purpose (customer, agent, acd, ivr, ...).", HelpName = "purpose" };
        var attributesFile = new Option<string?>("--attributes")
        {
            Description = "Read the participant attributes from a JSON file, or from standard input with -: {\"tier\": \"gold\", ...} (or {\"attributes\": {...}}).",
            HelpName = "file.json|-",
        };
        var junit = new Option<FileInfo?>("--junit")
        {
            Description = "Also write a JUnit XML report (one test case per expectation, per scenario; CI systems show it as test results).",
            HelpName = "out.xml",
        };
        var json = SharedOptions.Json();
        var command = new Command("check", "Evaluate routing decisions and switches on participant data, as a flow would, and compare with the expected outcomes.")
        {
            rulesFiles, conversation, participant, purpose, attributesFile, junit, json,
        }.WithExamples(
            "pdata check examples/rules.yaml --attributes examples/attributes.json",
            "pdata check examples/rules-scenarios.yaml --junit check.xml",
            "pdata check rules/*.yaml --attributes - --junit check.xml < attributes.json",
            "pdata check examples/rules.yaml --conversation <conversationId> --json");
        command.WithConnectionOptions();
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var rules = new List<(FileInfo File, RoutingRules Rules)>();
            foreach (var rulesFile in parse.GetValue(rulesFiles)!)
            {
                rules.Add((rulesFile, await ReadRulesAsync(rulesFile, cancellationToken).ConfigureAwait(false)));
            }

            var conversationText = parse.GetValue(conversation);
            var file = parse.GetValue(attributesFile);
            if (conversationText is not null && file is not null)
            {
                throw new UsageException("Give one of --conversation <id> and --attributes <file.json>, not both.",
                    "--conversation reads the attributes of a live conversation; --attributes reads them from a JSON object of string values (- for standard input).");
            }

            if (file is not null && (parse.GetValue(participant) is not null || parse.GetValue(purpose) is not null))
            {
                throw new UsageException("--participant and --purpose go with --conversation, not --attributes.");
            }

            await using var data = new CheckData(cli, parse.GetValue(SharedOptions.ApiUrl), file, conversationText, parse.GetValue(participant), parse.GetValue(purpose));
            var reports = new List<RoutingReport>();
            foreach (var (rulesFile, rule) in rules)
            {
                if (rule.Scenarios.Count == 0)
                {
                    reports.Add(RoutingCheck.Run(rule, await data.DefaultAsync(rule, cancellationToken).ConfigureAwait(false), cli.Time));
                    continue;
                }

                foreach (var scenario in rule.Scenarios)
                {
                    var attributes = await data.ForAsync(rule, rulesFile, scenario, cancellationToken).ConfigureAwait(false);
                    reports.Add(RoutingCheck.RunScenario(rule, scenario, attributes, cli.Time));
                }
            }

            var succeeded = reports.All(r => r.Succeeded);
            if (parse.GetValue(junit) is { } junitFile)
            {
                await JUnitWriter.WriteAsync(junitFile.FullName, JUnit(reports), cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                var view = reports.Count == 1 && reports[0].Scenario is null ? new CheckView(succeeded, reports[0]) : new CheckView(succeeded, null) { Reports = reports };
                await cli.RawOut.WriteLineAsync(ArchitectJsonContext.Serialize(view)).ConfigureAwait(false);
            }
            else
            {
                foreach (var report in reports)
                {
                    if (reports.Count > 1 || report.Scenario is not null)
                    {
                        cli.Out.MarkupLine($"[bold]{Markup.Escape(Title(report))}[/]");
                    }

                    Render(cli, report);
                }

                RenderFailures(cli, reports);
            }

            return succeeded ? ExitCodes.Success
                : reports.Any(report => report.Rows.Any(r => r.Status == RoutingRowStatus.Error && r.Outcome.Length == 0)) ? ExitCodes.Usage
                : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static string Title(RoutingReport report) => report.Scenario is null ? report.SourceName : $"{report.SourceName}, scenario \"{report.Scenario}\"";

    /// <summary>
    /// One testsuite per rules file; one testcase per rule with an expectation (per scenario × expectation in a file
    /// with scenarios): a FAIL is a failure, an expression that does not compile or run an error, a rule without an
    /// expectation skipped (files without scenarios only: a scenario lists just what it expects).
    /// </summary>
    private static System.Xml.Linq.XDocument JUnit(IReadOnlyList<RoutingReport> reports)
    {
        var suites = reports.GroupBy(r => r.SourceName, StringComparer.Ordinal).Select(file => new JUnitSuite(file.Key, file.SelectMany(report =>
        {
            var prefix = report.Scenario is null ? "" : report.Scenario + ": ";
            var classname = report.Scenario is null ? report.SourceName : $"{report.SourceName}: {report.Scenario}";
            var setup = report.Errors.Select(error => new JUnitCase(classname, prefix + "setup", JUnitOutcome.Error) { File = report.SourceName, Line = 0, Message = error });
            var rows = report.Rows
                .Where(row => report.Scenario is null || row.Expected is not null || row.Status == RoutingRowStatus.Error)
                .Select(row => new JUnitCase(classname, $"{prefix}{row.Kind.ToString().ToLowerInvariant()} {row.Name}", row.Status switch
                {
                    RoutingRowStatus.Failed => JUnitOutcome.Failure,
                    RoutingRowStatus.Error => JUnitOutcome.Error,
                    RoutingRowStatus.NotChecked => JUnitOutcome.Skipped,
                    _ => JUnitOutcome.Passed,
                })
                {
                    File = report.SourceName,
                    Line = row.Line,
                    Message = row.Status switch
                    {
                        RoutingRowStatus.Failed => $"expected {row.Expected}, got {row.Outcome}",
                        RoutingRowStatus.Error => row.Outcome.Length == 0 ? "the expression does not compile" : "runtime error",
                        RoutingRowStatus.NotChecked => "no expectation",
                        _ => null,
                    },
                    Details = $"{report.SourceName}:{row.Line}: {row.Kind.ToString().ToLowerInvariant()} {row.Name}: {row.Expression}\n{string.Join("\n", row.Messages)}".TrimEnd(),
                });
            return setup.Concat(rows);
        }).ToList())).ToList();
        return JUnitWriter.Build("pdata check", suites);
    }

    /// <summary>One line per failed expectation, <c>file:line: name: expected X, got Y</c>, as compilers print errors (CI logs link them).</summary>
    private static void RenderFailures(CliContext cli, IReadOnlyList<RoutingReport> reports)
    {
        foreach (var report in reports)
        {
            foreach (var row in report.Rows.Where(r => r.Status is RoutingRowStatus.Failed or RoutingRowStatus.Error))
            {
                var what = row.Status == RoutingRowStatus.Failed
                    ? $"expected {row.Expected}, got {row.Outcome}"
                    : row.Outcome.Length == 0 ? "the expression does not compile" : $"runtime error{(row.Expected is null ? "" : $" (expected {row.Expected})")}";
                var scenario = report.Scenario is null ? "" : $" in scenario \"{report.Scenario}\"";
                ConsoleText.Line(cli.Out, $"{report.SourceName}:{row.Line}: {(row.Status == RoutingRowStatus.Failed ? "FAIL" : "ERROR")} {row.Kind.ToString().ToLowerInvariant()} \"{row.Name}\"{scenario}: {what}");
            }
        }
    }

    private static async Task<RoutingRules> ReadRulesAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"The rules file '{file.FullName}' does not exist.", "Pass the path of a routing rules YAML file; see docs/architect.md for the format.");
        }

        var yaml = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        try
        {
            return RoutingRules.Parse(yaml, RelativeName(file));
        }
        catch (RoutingRulesException e)
        {
            throw new UsageException(e.Message, "Fix the rules file at that line and column; docs/architect.md describes the format.");
        }
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>The path as given relative to the working directory when it is below it (so file:line links work), else the name.</summary>
    private static string RelativeName(FileInfo file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file.Name : relative.Replace('\\', '/');
    }

    private static void Render(CliContext cli, RoutingReport report)
    {
        if (report.Variables.Count > 0)
        {
            var variables = new Table().Border(TableBorder.Rounded).Title("Get Participant Data").AddColumn("Attribute").AddColumn("Variable").AddColumn("Type").AddColumn("Value");
            foreach (var v in report.Variables)
            {
                variables.AddRow(Markup.Escape(v.Attribute), Markup.Escape(v.Variable), Markup.Escape(v.Type),
                    v.Present ? Markup.Escape(v.Value) : $"{Markup.Escape(v.Value)} [grey](missing)[/]");
            }

            cli.Out.Write(variables);
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Name").AddColumn("Kind").AddColumn("Expression").AddColumn("Outcome").AddColumn("Expected").AddColumn("Result");
        foreach (var row in report.Rows)
        {
            var result = row.Status switch
            {
                RoutingRowStatus.Passed => "[green]PASS[/]",
                RoutingRowStatus.Failed => "[red]FAIL[/]",
                RoutingRowStatus.Error => "[red]ERROR[/]",
                _ => "[grey]-[/]",
            };
            table.AddRow(Markup.Escape(row.Name), row.Kind.ToString().ToLowerInvariant(), Markup.Escape(row.Expression), Markup.Escape(row.Outcome), Markup.Escape(row.Expected ?? "-"), result);
        }

        cli.Out.Write(table);

        foreach (var row in report.Rows.Where(r => r.Messages.Count > 0))
        {
            cli.Out.MarkupLine($"[bold]{Markup.Escape(row.Name)}[/]:");
            foreach (var message in row.Messages)
            {
                // Prose wraps between words; the source line and its caret stay as they are.
                ConsoleText.Block(cli.Out, "  ", message);
            }
        }

        foreach (var error in report.Errors)
        {
            ConsoleText.Line(cli.Out, "[red]error:[/]", error);
        }

        foreach (var warning in report.Warnings)
        {
            var where = warning.Line > 0 ? $" {report.SourceName}:{warning.Line}:{warning.Column}" : "";
            ConsoleText.Line(cli.Out, $"[yellow]warning[/] [grey][[{Markup.Escape(warning.Code)}]]{Markup.Escape(where)}[/]:", warning.Message);
        }

        var passed = report.Rows.Count(r => r.Status == RoutingRowStatus.Passed);
        var failed = report.Rows.Count(r => r.Status == RoutingRowStatus.Failed);
        var errors = report.Rows.Count(r => r.Status == RoutingRowStatus.Error) + report.Errors.Count;
        cli.Out.MarkupLine(report.Succeeded
            ? $"[green]OK[/]: {passed} passed, {Count(report.Warnings.Count, "warning")}"
            : $"[red]FAILED[/]: {passed} passed, {failed} failed, {Count(errors, "error")}, {Count(report.Warnings.Count, "warning")}");
    }
}
