using System.CommandLine;
using ParticipantData.Architect;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli.Architect;

/// <summary><c>pdata eval '&lt;expression&gt;' [--var Flow.tier=gold …]</c>: a thin wrapper over <see cref="ArchitectExpression"/>.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext cli)
    {
        var expression = new Argument<string>("expression") { Description = "An Architect expression, e.g. 'IsSet(Flow.tier) and Flow.tier == \"gold\"' (quote it for the shell)." };
        var vars = new Option<string[]>("--var")
        {
            Description = "A variable: Name=value or Name:Type=value (repeatable). Without a type: \"…\" is a String, NOT_SET is a NOT_SET String, " +
                "true/false a Boolean, 700 an Integer, 0.42 a Decimal, [..] a collection, {..} JSON, anything else a String.",
            HelpName = "name=value",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var target = new Option<string?>("--type")
        {
            Description = "The type of the variable the expression is assigned to (String, Integer, …): applies Architect's implicit cast, e.g. ToString(…).",
            HelpName = "type",
        };
        var json = SharedOptions.Json();
        var command = new Command("eval", "Evaluate an Architect expression offline and print its value and type.") { expression, vars, target, json };
        command.SetCliAction(cli, async (parse, _) =>
        {
            var context = VariableAssignments.ToContext(ParseVariables(parse.GetValue(vars) ?? []), cli.Time);
            ArchitectType? targetType = null;
            if (parse.GetValue(target) is { } typeName && !ArchitectType.TryParse(typeName, out targetType))
            {
                throw new UsageException($"'{typeName}' is not a type.", "Use String, Integer, Decimal, Boolean, DateTime, Duration, JSON, PhoneNumber, or one of them + Collection.");
            }

            var text = parse.GetValue(expression)!;
            var asJson = parse.GetValue(json);
            if (!ArchitectExpression.TryParse(text, out var parsed, out var syntax))
            {
                return await FailAsync(cli, asJson, ArchitectErrorKind.Syntax, syntax, ExitCodes.Usage).ConfigureAwait(false);
            }

            if (!parsed.TryCompile(context, targetType, out var compiled, out var types))
            {
                return await FailAsync(cli, asJson, ArchitectErrorKind.Type, types, ExitCodes.Usage).ConfigureAwait(false);
            }

            ArchitectValue value;
            try
            {
                value = compiled.Evaluate(context);
            }
            catch (ArchitectRuntimeException e)
            {
                return await FailAsync(cli, asJson, ArchitectErrorKind.Runtime, e.Diagnostics, ExitCodes.CheckFailed).ConfigureAwait(false);
            }

            if (asJson)
            {
                var view = new EvalView(text, compiled.CanonicalText, value.Type.Name, value.IsSet, value.ToDisplayString(), value.IsSet ? value.ToString() : null, null);
                await cli.RawOut.WriteLineAsync(ArchitectJsonContext.Serialize(view)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            cli.Out.MarkupLine($"{Markup.Escape(value.ToDisplayString())} [grey]({Markup.Escape(value.Type.Name)})[/]");
            if (!string.Equals(compiled.CanonicalText, text.Trim(), StringComparison.Ordinal))
            {
                cli.Out.MarkupLine($"[grey]canonical: {Markup.Escape(compiled.CanonicalText)}[/]");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static List<VariableAssignment> ParseVariables(IEnumerable<string> texts)
    {
        var result = new List<VariableAssignment>();
        foreach (var text in texts)
        {
            if (!VariableAssignments.TryParse(text, out var assignment, out var error))
            {
                throw new UsageException($"--var {text}: {error}", "Write --var Flow.tier=gold, --var Flow.score:Integer=700, or --var 'Flow.code=\"007\"' for a String that looks like a number.");
            }

            result.Add(assignment);
        }

        return result;
    }

    private static async Task<int> FailAsync(CliContext cli, bool asJson, ArchitectErrorKind kind, IReadOnlyList<ArchitectDiagnostic> diagnostics, int exitCode)
    {
        var label = kind switch
        {
            ArchitectErrorKind.Syntax => "syntax error",
            ArchitectErrorKind.Type => "type error",
            _ => "runtime error",
        };
        if (asJson)
        {
            var errors = diagnostics.Select(d => new EvalErrorView(label, d.Line, d.Column, d.Message)).ToList();
            await cli.RawOut.WriteLineAsync(ArchitectJsonContext.Serialize(new EvalView(diagnostics.FirstOrDefault()?.Source ?? "", null, null, null, null, null, errors))).ConfigureAwait(false);
            return exitCode;
        }

        foreach (var diagnostic in diagnostics)
        {
            // Plain text, not markup: the caret line must stay aligned under the source line.
            cli.Error.MarkupLine($"[red]{label}[/] at {Markup.Escape(diagnostic.Line + ":" + diagnostic.Column)}: {Markup.Escape(diagnostic.Message)}");
            var lines = diagnostic.ToString().Split('\n');
            foreach (var line in lines.Skip(1))
            {
                cli.Error.WriteLine(line);
            }
        }

        if (kind == ArchitectErrorKind.Runtime)
        {
            cli.Error.MarkupLine("[yellow]hint:[/] on the platform the flow's error handling takes over here.");
        }
        else if (diagnostics.FirstOrDefault(d => d.Message.StartsWith(UnknownVariable, StringComparison.Ordinal)) is { } unknown)
        {
            // "unknown variable Flow.ani: …" → suggest --var for that very name.
            var name = unknown.Message[UnknownVariable.Length..].Split(':')[0].Trim();
            cli.Error.MarkupLine($"[yellow]hint:[/] give every variable a value: --var {Markup.Escape(name)}=<value> (or --var {Markup.Escape(name)}:String=NOT_SET for NOT_SET).");
        }

        return exitCode;
    }

    private const string UnknownVariable = "unknown variable ";
}
