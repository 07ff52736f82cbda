using ParticipantData.Architect.Flows;
using Spectre.Console;

namespace ParticipantData.Cli.Flows;

/// <summary>The trace and the outcome of a run, as a table for people.</summary>
internal static class FlowRender
{
    public static string StepLine(FlowStep step) =>
        $"{step.Number,3}. [{step.Task}] {step.Kind} '{step.Action}'" + (step.Path is null ? "" : $" -> {step.Path}") + (step.Note is null ? "" : $" ({step.Note})");

    public static void Trace(CliContext cli, FlowRunResult run)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(run.Flow))
            .AddColumn("#").AddColumn("Task").AddColumn("Action").AddColumn("Path").AddColumn("Variables").AddColumn("Participant data").AddColumn("Note");
        foreach (var step in run.Steps)
        {
            var data = step.Read.Select(r => $"read {r.Name} = {r.Value ?? "(absent)"}").Concat(step.Written.Select(w => $"wrote {w.Name} = {w.Value}"));
            var note = step.Failed ? $"[red]{Markup.Escape(step.Note ?? "")}[/]" : step.Simulated ? Markup.Escape(step.Note ?? "") : $"[grey]{Markup.Escape(step.Note ?? "")}[/]";
            table.AddRow(
                step.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(step.Task),
                Markup.Escape($"{step.Kind} '{step.Action}'"),
                Markup.Escape(step.Path ?? "-"),
                Markup.Escape(string.Join("\n", step.Variables.Select(v => $"{v.Name} = {v.Value}"))),
                Markup.Escape(string.Join("\n", data)),
                note);
        }

        cli.Out.Write(table);
        foreach (var writeBack in run.WriteBacks)
        {
            cli.Out.MarkupLine(writeBack.Overwrote
                ? $"[yellow]write-back[/]: the flow read {Markup.Escape(writeBack.Attribute)} and wrote its copy '{Markup.Escape(writeBack.FlowValue)}' back when it ended, over '{Markup.Escape(writeBack.CloudValue ?? "(absent)")}' written meanwhile (architect.md A.9: voice flows overwrite values changed while they run)"
                : $"write-back: {Markup.Escape(writeBack.Attribute)} = '{Markup.Escape(writeBack.FlowValue)}' (unchanged)");
        }

        var colour = run.Outcome.Kind is FlowOutcomeKind.Error ? "red" : "green";
        cli.Out.MarkupLine($"[{colour}]Outcome[/]: {Markup.Escape(run.Outcome.Description)}" + (run.Outcome.Error is { } e ? $" [red]({Markup.Escape(e)})[/]" : ""));
    }
}
