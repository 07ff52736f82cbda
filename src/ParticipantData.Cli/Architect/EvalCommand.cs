using System.CommandLine;
using ParticipantData.Architect;
using ParticipantData.Architect.Routing;
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
            Description = "A variable: Name=value or Name:Type=value (repeatable). Typed literals: without a type, \"…\" is a String, NOT_SET is a NOT_SET String, " +
                "true/false a Boolean, 700 an Integer, 0.42 a Decimal, [..] a collection, {..} JSON, anything else a String. " +
                "Participant data is always a String in a flow: use --attributes or --conversation for it, not --var Flow.score=700.",
            HelpName = "name=value",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var target = new Option<string?>("--type")
        {
            Description = "The type of the variable the expression is assigned to (String, Integer, …): applies Architect's implicit cast, e.g. ToString(…).",
            HelpName = "type",
        };
        var attributes = new Option<string?>("--attributes")
        {
            Description = "Participant data from a JSON file (or - for standard input), as Get Participant Data gives it: each attribute a String variable Flow.<name>.",
            HelpName = "file.json|-",
        };
        var conversation = new Option<string?>("--conversation")
        {
            Description = "Participant data of the customer of this conversation (GENESYSCLOUD_* settings), as Get Participant Data gives it: each attribute a String variable Flow.<name>.",
            HelpName = "id",
        };
        var json = SharedOptions.Json();
        var command = new Command("eval", "Evaluate an Architect expression offline and print its value and type.") { expression, vars, attributes, conversation, target, json }.WithExamples(
            "pdata eval 'IsSet(Flow.tier) and Flow.tier == \"gold\"' --var Flow.tier=gold",
            "pdata eval 'ToInt(Flow.score) > 700' --var Flow.score:String=720 --json");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var given = await ParticipantDataAsync(cli, parse.GetValue(attributes), parse.GetValue(conversation), cancellationToken).ConfigureAwait(false);
            var variables = ParseVariables(parse.GetValue(vars) ?? []);
            var context = VariableAssignments.ToContext(
                given.Select(a => new VariableAssignment(RuleNames.VariableFor(a.Key), ArchitectValue.String(a.Value)))
                    .Where(a => !variables.Any(v => string.Equals(v.Name, a.Name, StringComparison.OrdinalIgnoreCase)))
                    .Concat(variables),
                cli.Time);
            ArchitectType? targetType = null;
            if (parse.GetValue(target) is { } typeName && !ArchitectType.TryParse(typeName, out targetType))
            {
                throw new UsageException($"'{typeName}' is not a type.", "Use String, Integer, Decimal, Boolean, DateTime, Duration, JSON, PhoneNumber, or one of them + Collection.");
            }

            var text = parse.GetValue(expression)!;
            var asJson = parse.GetValue(json);
            if (!ArchitectExpression.TryParse(text, out var parsed, out var syntax))
            {
                return Fail(cli, asJson, ArchitectErrorKind.Syntax, syntax, ExitCodes.Usage);
            }

            if (!parsed.TryCompile(context, targetType, out var compiled, out var types))
            {
                return Fail(cli, asJson, ArchitectErrorKind.Type, types, ExitCodes.Usage);
            }

            ArchitectValue value;
            try
            {
                value = compiled.Evaluate(context);
            }
            catch (ArchitectRuntimeException e)
            {
                return Fail(cli, asJson, ArchitectErrorKind.Runtime, e.Diagnostics, ExitCodes.CheckFailed);
            }

            if (asJson)
            {
                var view = new EvalView(text, compiled.CanonicalText, value.Type.Name, value.IsSet, value.ToDisplayString(), value.IsSet ? value.ToString() : null);
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

    /// <summary>Participant data as a flow reads it (strings), from a file, stdin or a live conversation's customer; empty when neither is given.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ParticipantDataAsync(CliContext cli, string? file, string? conversationText, CancellationToken cancellationToken)
    {
        if (file is not null && conversationText is not null)
        {
            throw new UsageException("Give --attributes or --conversation, not both.");
        }

        if (file is not null)
        {
            return await AttributeInput.ReadAsync(cli, file, cancellationToken).ConfigureAwait(false);
        }

        if (conversationText is null)
        {
            return new Dictionary<string, string>();
        }

        var conversationId = SharedOptions.ParseConversationId(conversationText);
        await using var connection = await Connection.Connection.OpenAsync(cli, null, cancellationToken).ConfigureAwait(false);
        return (await connection.Client.GetParticipantAsync(conversationId, Client.ParticipantSelector.Customer, cancellationToken).ConfigureAwait(false)).Attributes;
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

    private static int Fail(CliContext cli, bool asJson, ArchitectErrorKind kind, IReadOnlyList<ArchitectDiagnostic> diagnostics, int exitCode)
    {
        var label = kind switch
        {
            ArchitectErrorKind.Syntax => "syntax error",
            ArchitectErrorKind.Type => "type error",
            _ => "runtime error",
        };
        var hint = Hint(kind, diagnostics);
        if (asJson)
        {
            // The envelope every command fails with; each diagnostic (position, message, caret) is one of its details.
            var first = diagnostics.FirstOrDefault();
            ErrorReporter.Write(cli, new CliFailure(exitCode, label.Replace(' ', '.'),
                first is null ? label : $"{label} at {first.Line}:{first.Column}: {first.Message}", hint)
            {
                Details = diagnostics.Select(d => $"{label} at {d.Line}:{d.Column}: {d}").ToList(),
            });
            return exitCode;
        }

        foreach (var diagnostic in diagnostics)
        {
            // The source line and its caret as they are: the caret must stay under its column.
            ConsoleText.Line(cli.Error, $"[red]{label}[/]", $"at {diagnostic.Line}:{diagnostic.Column}: {diagnostic.Message}");
            ConsoleText.Block(cli.Error, "", string.Join('\n', diagnostic.ToString().Split('\n').Skip(1)));
        }

        ConsoleText.Line(cli.Error, "[yellow]hint:[/]", hint);
        return exitCode;
    }

    private static string Hint(ArchitectErrorKind kind, IReadOnlyList<ArchitectDiagnostic> diagnostics)
    {
        if (kind == ArchitectErrorKind.Runtime)
        {
            return "on the platform the flow's error handling takes over here.";
        }

        if (diagnostics.FirstOrDefault(d => d.Message.StartsWith(UnknownVariable, StringComparison.Ordinal)) is { } unknown)
        {
            // "unknown variable Flow.ani: …" → suggest --var for that very name.
            var name = unknown.Message[UnknownVariable.Length..].Split(':')[0].Trim();
            return $"give every variable a value: --var {name}=<value> (or --var {name}:String=NOT_SET for NOT_SET).";
        }

        return kind == ArchitectErrorKind.Syntax
            ? "fix the expression at the caret; the syntax is Architect's (docs/architect.md)."
            : "Architect checks the types of every expression before it runs: fix the operand at the caret (docs/architect.md lists each function's types).";
    }

    private const string UnknownVariable = "unknown variable ";
}
