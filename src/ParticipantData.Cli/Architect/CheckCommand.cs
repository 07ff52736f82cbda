using System.CommandLine;
using System.Text.Json;
using ParticipantData.Architect.Routing;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli.Architect;

/// <summary>
/// <c>pdata check &lt;rules.yaml&gt; (--conversation &lt;id&gt; | --attributes file.json)</c>: a thin wrapper over
/// <see cref="RoutingCheck"/>. Exit 0 when every expectation holds, 1 when one fails or an expression fails at
/// runtime, 2 when the rules file or an expression in it is malformed.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext cli)
    {
        var rulesFile = new Argument<FileInfo>("rules") { Description = "The routing rules YAML file (format: docs/architect.md)." };
        var conversation = new Option<string?>("--conversation") { Description = "Read the participant attributes from this conversation (a UUID).", HelpName = "id" };
        var participant = new Option<string?>("--participant") { Description = "With --conversation: the participant id. Default: the customer.", HelpName = "id" };
        var purpose = new Option<string?>("--purpose") { Description = "With --conversation: pick the participant by purpose (customer, agent, acd, ivr, ...).", HelpName = "purpose" };
        var attributesFile = new Option<FileInfo?>("--attributes")
        {
            Description = "Read the participant attributes from a JSON file: {\"tier\": \"gold\", ...} (or {\"attributes\": {...}}).",
            HelpName = "file.json",
        };
        var json = SharedOptions.Json();
        var command = new Command("check", "Evaluate routing decisions and switches on participant data, as a flow would, and compare with the expected outcomes.")
        {
            rulesFile, conversation, participant, purpose, attributesFile, json,
        }.WithExamples(
            "pdata check examples/rules.yaml --attributes examples/attributes.json",
            "pdata check examples/rules.yaml --conversation <conversationId> --json");
        command.WithConnectionOptions();
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var rules = await ReadRulesAsync(parse.GetValue(rulesFile)!, cancellationToken).ConfigureAwait(false);
            var conversationText = parse.GetValue(conversation);
            var file = parse.GetValue(attributesFile);
            if ((conversationText is null) == (file is null))
            {
                throw new UsageException("Give exactly one of --conversation <id> and --attributes <file.json>.",
                    "--conversation reads the attributes of a live conversation; --attributes reads them from a JSON object of string values.");
            }

            IReadOnlyDictionary<string, string> attributes;
            if (file is not null)
            {
                if (parse.GetValue(participant) is not null || parse.GetValue(purpose) is not null)
                {
                    throw new UsageException("--participant and --purpose go with --conversation, not --attributes.");
                }

                attributes = await ReadAttributesAsync(file, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var conversationId = SharedOptions.ParseConversationId(conversationText!);
                var selector = AttributeCommands.Selector(parse.GetValue(participant), parse.GetValue(purpose));
                await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
                var found = await connection.Client.GetParticipantAsync(conversationId, selector, cancellationToken).ConfigureAwait(false);
                attributes = found.Attributes;
            }

            var report = RoutingCheck.Run(rules, attributes, cli.Time);
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(ArchitectJsonContext.Serialize(new CheckView(report.Succeeded, report))).ConfigureAwait(false);
            }
            else
            {
                Render(cli, report);
            }

            return report.Succeeded ? ExitCodes.Success
                : report.Rows.Any(r => r.Status == RoutingRowStatus.Error && r.Outcome.Length == 0) ? ExitCodes.Usage
                : ExitCodes.CheckFailed;
        });
        return command;
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
            return RoutingRules.Parse(yaml, file.Name);
        }
        catch (RoutingRulesException e)
        {
            throw new UsageException(e.Message, "Fix the rules file at that line and column; docs/architect.md describes the format.");
        }
    }

    internal static async Task<IReadOnlyDictionary<string, string>> ReadAttributesAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"The attributes file '{file.FullName}' does not exist.");
        }

        const string Hint = "Write a JSON object of string values, e.g. {\"tier\": \"gold\", \"score\": \"720\"}: participant data values are always strings.";
        JsonElement root;
        try
        {
            await using var stream = file.OpenRead();
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"{file.Name} is not JSON: {e.Message}", Hint);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("attributes", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{file.Name} is not a JSON object.", Hint);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new UsageException($"{file.Name}: the value of \"{property.Name}\" is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}, not a string.", Hint);
            }

            result[property.Name] = property.Value.GetString()!;
        }

        return result;
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
                // Plain text keeps the caret under the column it points at.
                cli.Out.WriteLine("  " + message.Replace("\n", "\n  ", StringComparison.Ordinal));
            }
        }

        foreach (var error in report.Errors)
        {
            cli.Out.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        }

        foreach (var warning in report.Warnings)
        {
            var where = warning.Line > 0 ? $" {report.SourceName}:{warning.Line}:{warning.Column}" : "";
            cli.Out.MarkupLine($"[yellow]warning[/] [grey][[{Markup.Escape(warning.Code)}]]{Markup.Escape(where)}[/]: {Markup.Escape(warning.Message)}");
        }

        var passed = report.Rows.Count(r => r.Status == RoutingRowStatus.Passed);
        var failed = report.Rows.Count(r => r.Status == RoutingRowStatus.Failed);
        var errors = report.Rows.Count(r => r.Status == RoutingRowStatus.Error) + report.Errors.Count;
        cli.Out.MarkupLine(report.Succeeded
            ? $"[green]OK[/]: {passed} passed, {report.Warnings.Count} warnings"
            : $"[red]FAILED[/]: {passed} passed, {failed} failed, {errors} errors, {report.Warnings.Count} warnings");
    }
}
