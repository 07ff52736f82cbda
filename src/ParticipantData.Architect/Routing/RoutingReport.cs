using System.Globalization;
using System.Text;

namespace ParticipantData.Architect.Routing;

/// <summary>Which kind of rule a report row is.</summary>
public enum RoutingRowKind
{
    /// <summary>A Decision action (<c>decisions:</c>): true or false.</summary>
    Decision,
    /// <summary>A Switch action (<c>switches:</c>): the first case that is true.</summary>
    Switch,
    /// <summary>A tutorial condition (<c>conditions:</c>).</summary>
    Condition,
}

/// <summary>How a rule's outcome compares with its expectation.</summary>
public enum RoutingRowStatus
{
    /// <summary>Evaluated, and the outcome matches the expectation.</summary>
    Passed,

    /// <summary>Evaluated, and the outcome differs from the expectation.</summary>
    Failed,

    /// <summary>Evaluated; the rules state no expectation.</summary>
    NotChecked,

    /// <summary>The expression does not parse or type-check, or failed at runtime without an expected error.</summary>
    Error,
}

/// <summary>One decision, switch or tutorial condition and what it evaluated to.</summary>
/// <remarks>Outcome: "true"/"false" for a condition, the case name for a switch, "error" when evaluation failed at runtime, "" when it could not be compiled.</remarks>
/// <remarks>Expression: The canonical text of the expression that decided the outcome (for a switch, the winning case).</remarks>
public sealed record RoutingRow(
    string Name,
    RoutingRowKind Kind,
    string Expression,
    string Outcome,
    string? Expected,
    RoutingRowStatus Status,
    IReadOnlyList<string> Messages)
{
    /// <summary>The line in the rules file of the rule's expectation (of the rule when it has none); 0 when unknown.</summary>
    public int Line { get; init; }
}

/// <summary>How one attribute reached its variable, as Get Participant Data would have done it.</summary>
/// <remarks>Value: The variable's value written as an expression would (<c>"gold"</c>, <c>NOT_SET</c>).</remarks>
public sealed record RoutingVariable(string Attribute, string Variable, string Type, bool Present, string Value);

/// <summary>A lint: not an error, but likely not what the author meant.</summary>
/// <remarks>Code: Stable identifier: attribute-case, empty-string-compare, value-too-long, attribute-namespace, missing-attribute.</remarks>
/// <remarks>Line: Line in the rules file, or 0 when the warning is about the attributes.</remarks>
public sealed record RoutingWarning(string Code, string Message, int Line = 0, int Column = 0);

/// <summary>The result of <see cref="RoutingCheck.Run"/>.</summary>
public sealed record RoutingReport(
    string SourceName,
    IReadOnlyList<RoutingRow> Rows,
    IReadOnlyList<RoutingVariable> Variables,
    IReadOnlyList<RoutingWarning> Warnings,
    IReadOnlyList<string> Errors)
{
    /// <summary>The scenario of the rules file this report is about; null when the rules ran without one.</summary>
    public string? Scenario { get; init; }

    /// <summary>True when no expectation failed, every expression compiled, and no unexpected runtime error or setup error occurred.</summary>
    public bool Succeeded => Errors.Count == 0 && Rows.All(r => r.Status is RoutingRowStatus.Passed or RoutingRowStatus.NotChecked);

    /// <summary>A plain-text rendering: variables, a result table, then messages and warnings. For terminals and CI logs.</summary>
    public string ToText()
    {
        var b = new StringBuilder();
        if (Variables.Count > 0)
        {
            b.Append("Variables (Get Participant Data):\n");
            Table(b, ["attribute", "variable", "type", "value"], Variables.Select(v => new[] { v.Attribute, v.Variable, v.Type, v.Present ? v.Value : v.Value + " (missing)" }));
            b.Append('\n');
        }

        Table(b, ["name", "kind", "expression", "outcome", "expected", "result"], Rows.Select(r => new[]
        {
            r.Name,
            r.Kind.ToString().ToLowerInvariant(),
            r.Expression,
            r.Outcome,
            r.Expected ?? "-",
            r.Status switch
            {
                RoutingRowStatus.Passed => "PASS",
                RoutingRowStatus.Failed => "FAIL",
                RoutingRowStatus.Error => "ERROR",
                _ => "-",
            },
        }));

        foreach (var row in Rows.Where(r => r.Messages.Count > 0))
        {
            b.Append('\n').Append(row.Name).Append(":\n");
            foreach (var message in row.Messages)
            {
                b.Append("  ").Append(message.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
            }
        }

        foreach (var error in Errors)
        {
            b.Append("\nerror: ").Append(error).Append('\n');
        }

        foreach (var warning in Warnings)
        {
            b.Append("\nwarning [").Append(warning.Code).Append(']');
            if (warning.Line > 0)
            {
                b.Append(' ').Append(SourceName).Append(':').Append(warning.Line.ToString(CultureInfo.InvariantCulture))
                    .Append(':').Append(warning.Column.ToString(CultureInfo.InvariantCulture));
            }

            b.Append(": ").Append(warning.Message).Append('\n');
        }

        var passed = Rows.Count(r => r.Status == RoutingRowStatus.Passed);
        var failed = Rows.Count(r => r.Status == RoutingRowStatus.Failed);
        var errors = Rows.Count(r => r.Status == RoutingRowStatus.Error) + Errors.Count;
        b.Append('\n').Append(Succeeded ? "OK" : "FAILED").Append(": ")
            .Append(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed, {errors} error{(errors == 1 ? "" : "s")}, {Warnings.Count} warning{(Warnings.Count == 1 ? "" : "s")}"))
            .Append('\n');
        return b.ToString();
    }

    private static void Table(StringBuilder b, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.Select(r => r.Select(c => c.Replace("\n", " ", StringComparison.Ordinal)).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                b.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
            }

            b.Append('\n');
        }

        Line(headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        all.ForEach(Line);
    }
}
