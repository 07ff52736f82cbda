namespace ParticipantData.Architect.Routing;

/// <summary>What Get Participant Data gives for an attribute the participant does not have.</summary>
public enum MissingAttributeBehavior
{
    /// <summary>The variable is NOT_SET (our default; the platform's behaviour is not documented).</summary>
    NotSet,

    /// <summary>The variable is the empty string.</summary>
    Empty,
}

/// <summary>
/// A routing-rules file: how participant attributes map to flow variables (as Get Participant Data does), and the
/// decisions, switches and tutorial-style conditions to evaluate, with optional expected outcomes.
/// The YAML format is described in docs/architect.md.
/// </summary>
public sealed class RoutingRules
{
    internal RoutingRules(
        string sourceName,
        MissingAttributeBehavior missingAttribute,
        IReadOnlyList<AttributeMapping> mappings,
        IReadOnlyList<FixedVariable> variables,
        IReadOnlyList<DecisionRule> decisions,
        IReadOnlyList<SwitchRule> switches,
        IReadOnlyList<TutorialConditionRule> conditions)
    {
        SourceName = sourceName;
        MissingAttribute = missingAttribute;
        Mappings = mappings;
        Variables = variables;
        Decisions = decisions;
        Switches = switches;
        Conditions = conditions;
    }

    /// <summary>The file name used in messages.</summary>
    public string SourceName { get; }

    /// <summary>What Get Participant Data gives for an attribute the participant does not hold.</summary>
    public MissingAttributeBehavior MissingAttribute { get; }

    /// <summary>The participant attribute names the rules read (Get Participant Data mappings and tutorial conditions).</summary>
    public IReadOnlyList<string> AttributeNames =>
        Mappings.Select(m => m.Attribute).Concat(Conditions.Select(c => c.Condition.AttributeName)).Distinct(StringComparer.Ordinal).ToList();

    internal IReadOnlyList<AttributeMapping> Mappings { get; }

    internal IReadOnlyList<FixedVariable> Variables { get; }

    internal IReadOnlyList<DecisionRule> Decisions { get; }

    internal IReadOnlyList<SwitchRule> Switches { get; }

    internal IReadOnlyList<TutorialConditionRule> Conditions { get; }

    /// <summary>The file's scenarios (<c>scenarios:</c>), each with its own participant data and expectations; empty when it has none.</summary>
    public IReadOnlyList<RoutingScenario> Scenarios { get; internal init; } = [];

    /// <summary>
    /// Reads a rules file. Throws <see cref="RoutingRulesException"/> naming the line and column of the problem and
    /// what to write instead. Expressions are only parsed later, by <see cref="RoutingCheck.Run"/>, so that one bad
    /// expression is reported in its row rather than hiding every other result.
    /// </summary>
    public static RoutingRules Parse(string yaml, string sourceName = "rules.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return RoutingRulesReader.Read(yaml, sourceName);
    }
}

/// <summary>A rules file could not be read. <see cref="Exception.Message"/> is <c>file:line:column: what is wrong; what to do</c>.</summary>
public sealed class RoutingRulesException : Exception
{
    /// <summary>A problem at <paramref name="line"/>:<paramref name="column"/> of <paramref name="sourceName"/>.</summary>
    /// <param name="sourceName">The file name used in messages.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="problem">What is wrong; what to write instead.</param>
    public RoutingRulesException(string sourceName, int line, int column, string problem)
        : base($"{sourceName}:{line}:{column}: {problem}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file name used in messages.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>What is wrong; what to write instead.</summary>
    public string Problem { get; }
}

/// <summary>Where something sits in the rules file, for messages.</summary>
internal readonly record struct RulePosition(int Line, int Column);

/// <summary>An expression as written in the rules file.</summary>
internal sealed record RuleExpression(string Text, RulePosition Position);

internal sealed record AttributeMapping(string Attribute, string Variable, ArchitectType Type, RulePosition Position);

internal sealed record FixedVariable(string Name, ArchitectValue Value, RulePosition Position);

/// <summary>An expected outcome: a Boolean, a case name, or "error" (the flow's error path).</summary>
internal sealed record Expectation(string Text, RulePosition Position)
{
    public const string ErrorOutcome = "error";

    public bool ExpectsError => string.Equals(Text, ErrorOutcome, StringComparison.OrdinalIgnoreCase);
}

internal sealed record DecisionRule(string Name, RuleExpression Condition, Expectation? Expect, RulePosition Position);

internal sealed record SwitchCase(string Name, RuleExpression Condition);

internal sealed record SwitchRule(string Name, IReadOnlyList<SwitchCase> Cases, string DefaultName, Expectation? Expect, RulePosition Position);

internal sealed record TutorialConditionRule(string Name, TutorialCondition Condition, Expectation? Expect, RulePosition Position);

internal static class RuleNames
{
    /// <summary>A flow variable name for an attribute name (Get Participant Data lets the author choose; we derive one).</summary>
    public static string VariableFor(string attribute)
    {
        var chars = attribute.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var name = new string(chars);
        return "Flow." + (name.Length > 0 && char.IsAsciiLetter(name[0]) ? name : "attr_" + name);
    }
}
