using System.CommandLine;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using Spectre.Console;

namespace ParticipantData.Cli.Explain;

/// <summary><c>pdata explain &lt;status or code&gt;</c>: what a platform error means and what to do, from the hint table the CLI uses.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext cli)
    {
        var what = new Argument<string>("status-or-code") { Description = "An HTTP status (409) or an error code (conflict, missing.permissions, too.many.requests; a part of one works)." };
        var json = SharedOptions.Json();
        var command = new Command("explain", "Explain a Genesys Cloud error: what it means on this platform and what to do.") { what, json }
            .WithExamples("pdata explain 409", "pdata explain conflict", "pdata explain permissions --json");
        command.SetCliAction(cli, async (parse, _) =>
        {
            var query = parse.GetValue(what)!;
            var found = ErrorHints.Explain(query);
            if (found.Count == 0)
            {
                throw new UsageException($"'{query}' is not a status or error code pdata knows.",
                    "Known: " + string.Join(", ", ErrorHints.Table.Select(e => $"{e.Status} {e.Code}")) + ".");
            }

            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new ExplainView(
                    found.Select(e => new ExplanationView(e.Status, e.Code, e.Meaning, e.Hint)).ToList()))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (var entry in found)
            {
                cli.Out.MarkupLine($"[bold]{entry.Status} {Markup.Escape(entry.Code)}[/]: {Markup.Escape(entry.Meaning)}");
                cli.Out.MarkupLine($"  [yellow]what to do:[/] {Markup.Escape(entry.Hint)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

internal sealed record ExplainView(IReadOnlyList<ExplanationView> Errors);

internal sealed record ExplanationView(int Status, string Code, string Meaning, string Hint);
