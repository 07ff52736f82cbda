using System.Globalization;
using ParticipantData.Architect.Types;

namespace ParticipantData.Architect.Routing;

/// <summary>
/// Evaluates routing rules against one participant's attributes, the way a flow would: Get Participant Data fills
/// the variables, then each Decision, Switch and tutorial condition is evaluated and compared with its expectation.
/// </summary>
public static class RoutingCheck
{
    /// <summary>Evaluates every decision, switch and condition of <paramref name="rules"/> on the participant's attributes.</summary>
    /// <param name="rules">The parsed rules file.</param>
    /// <param name="participantAttributes">The attributes as Get Participant Data reads them (text).</param>
    /// <param name="timeProvider">The clock of <c>GetCurrentDateTimeUtc()</c>; null for the system clock.</param>
    /// <returns>One row per rule; a bad expression is an error row, not an exception.</returns>
    public static RoutingReport Run(RoutingRules rules, IReadOnlyDictionary<string, string> participantAttributes, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(participantAttributes);
        var run = new Checker(rules, null, participantAttributes, new EvaluationContext(timeProvider));
        return run.Execute();
    }

    /// <summary>
    /// Runs one of <paramref name="rules"/>' scenarios on the participant data it names (which the caller has read):
    /// the scenario's variables over the file's, and its expectations in place of the rules' own.
    /// </summary>
    public static RoutingReport RunScenario(RoutingRules rules, RoutingScenario scenario, IReadOnlyDictionary<string, string> participantAttributes, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(participantAttributes);
        var run = new Checker(rules, scenario, participantAttributes, new EvaluationContext(timeProvider));
        return run.Execute() with { Scenario = scenario.Name };
    }

    private sealed class Checker(RoutingRules rules, RoutingScenario? scenario, IReadOnlyDictionary<string, string> attributes, EvaluationContext context)
    {
        private readonly List<RoutingRow> _rows = [];
        private readonly List<RoutingVariable> _variables = [];
        private readonly List<RoutingWarning> _warnings = [];
        private readonly List<string> _errors = [];

        public RoutingReport Execute()
        {
            foreach (var fixedVariable in rules.Variables)
            {
                context.Set(fixedVariable.Name, fixedVariable.Value);
            }

            foreach (var scenarioVariable in scenario?.Variables ?? [])
            {
                context.Set(scenarioVariable.Name, scenarioVariable.Value);
            }

            foreach (var mapping in rules.Mappings)
            {
                GetParticipantData(mapping.Attribute, mapping.Variable, mapping.Type, mapping.Position);
            }

            foreach (var condition in rules.Conditions)
            {
                MapTutorialAttribute(condition);
            }

            foreach (var (key, value) in attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (value.Length > Lints.BotFlowValueLimit)
                {
                    _warnings.Add(new RoutingWarning("value-too-long",
                        $"attribute \"{key}\" is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long; bot flows accept participant data values of at most {Lints.BotFlowValueLimit} characters (beyond that the bot session closes and the flow takes its error path)."));
                }
            }

            foreach (var decision in rules.Decisions)
            {
                var expect = Expect(decision.Name, decision.Expect);
                _rows.Add(Decide(decision.Name, RoutingRowKind.Decision, decision.Condition.Text, decision.Condition.Position, expect)
                    with { Line = (expect?.Position ?? decision.Position).Line });
            }

            foreach (var rule in rules.Switches)
            {
                var expect = Expect(rule.Name, rule.Expect);
                _rows.Add(Switch(rule, expect) with { Line = (expect?.Position ?? rule.Position).Line });
            }

            foreach (var condition in rules.Conditions)
            {
                var expect = Expect(condition.Name, condition.Expect);
                _rows.Add(Decide(condition.Name, RoutingRowKind.Condition, condition.Condition.Expression, condition.Position, expect)
                    with { Line = (expect?.Position ?? condition.Position).Line });
            }

            return new RoutingReport(rules.SourceName, _rows, _variables, _warnings, _errors);
        }

        /// <summary>In a scenario, its expectation of the rule (none when it names the rule not); otherwise the rule's own.</summary>
        private Expectation? Expect(string name, Expectation? own) =>
            scenario is null ? own : scenario.Expectations.GetValueOrDefault(name);

        private void GetParticipantData(string attribute, string variable, ArchitectType type, RulePosition at)
        {
            var present = attributes.TryGetValue(attribute, out var text);
            ArchitectValue value;
            if (!present)
            {
                value = rules.MissingAttribute == MissingAttributeBehavior.Empty && type.Kind == ArchitectTypeKind.String
                    ? ArchitectValue.String("")
                    : ArchitectValue.NotSet(type);
                if (Lints.NearMiss(attribute, attributes, at) is { } warning)
                {
                    _warnings.Add(warning);
                }
            }
            else if (type.Kind == ArchitectTypeKind.String)
            {
                value = ArchitectValue.String(text!);
            }
            else if (!VariableAssignments.TryParseValue(text!, type, out value, out var error) || !value.IsSet)
            {
                _errors.Add($"{rules.SourceName}:{at.Line}:{at.Column}: attribute \"{attribute}\" is {ValueFormatting.QuoteString(text!)}, which is not {type.WithArticle} ({error}); in a flow the conversion would fail and the error handling would take over.");
                value = ArchitectValue.NotSet(type);
            }

            context.Set(variable, value);
            _variables.Add(new RoutingVariable(attribute, variable, type.Name, present, value.ToDisplayString()));
        }

        private void MapTutorialAttribute(TutorialConditionRule rule)
        {
            var condition = rule.Condition;
            if (condition.Namespace is not null)
            {
                _warnings.Add(new RoutingWarning("attribute-namespace", condition.NamespaceWarning(), rule.Position.Line, rule.Position.Column));
            }

            if (_variables.Any(v => v.Variable == condition.Variable))
            {
                return;
            }

            var attribute = condition.AttributeName;
            var dotted = condition.Namespace + "." + attribute;
            if (!attributes.ContainsKey(attribute) && condition.Namespace is not null && attributes.ContainsKey(dotted))
            {
                // Someone stored the tutorial's path literally as the attribute name; that is what a flow would read.
                _warnings.Add(new RoutingWarning("attribute-namespace",
                    $"the participant has an attribute literally named \"{dotted}\"; it works, but only because the writer used the dotted name too. Prefer a plain name like \"{attribute}\".",
                    rule.Position.Line, rule.Position.Column));
                attribute = dotted;
            }

            GetParticipantData(attribute, condition.Variable, ArchitectType.String, rule.Position);
        }

        private RoutingRow Decide(string name, RoutingRowKind kind, string text, RulePosition at, Expectation? expect)
        {
            if (!TryCompile(text, at, out var compiled, out var messages))
            {
                return new RoutingRow(name, kind, text, "", expect?.Text, RoutingRowStatus.Error, messages);
            }

            if (compiled.ResultType.Kind != ArchitectTypeKind.Boolean)
            {
                messages.Add($"condition at {Where(at)} is {compiled.ResultType.WithArticle}; a Decision needs a Boolean (e.g. compare it: {compiled.CanonicalText} == \"…\")");
                return new RoutingRow(name, kind, compiled.CanonicalText, "", expect?.Text, RoutingRowStatus.Error, messages);
            }

            string outcome;
            try
            {
                var value = compiled.Evaluate(context);
                outcome = value.IsSet ? (value.AsBoolean() ? "true" : "false") : Expectation.ErrorOutcome;
                if (!value.IsSet)
                {
                    messages.Add($"condition at {Where(at)} is NOT_SET; a Decision on NOT_SET takes the flow's error path");
                }
            }
            catch (ArchitectRuntimeException ex)
            {
                outcome = Expectation.ErrorOutcome;
                messages.Add($"runtime error in the condition at {Where(at)} (the flow's error handling would take over):\n{ex.Diagnostic}");
            }

            return new RoutingRow(name, kind, compiled.CanonicalText, outcome, expect?.Text, Status(outcome, expect), messages);
        }

        private RoutingRow Switch(SwitchRule rule, Expectation? expect)
        {
            var compiled = new List<(SwitchCase Case, CompiledExpression Expression)>();
            var messages = new List<string>();
            var failed = false;
            foreach (var @case in rule.Cases)
            {
                if (!TryCompile(@case.Condition.Text, @case.Condition.Position, out var expression, out var caseMessages))
                {
                    messages.AddRange(caseMessages.Select(m => $"case '{@case.Name}': {m}"));
                    failed = true;
                    continue;
                }

                if (expression.ResultType.Kind != ArchitectTypeKind.Boolean)
                {
                    messages.Add($"case '{@case.Name}' at {Where(@case.Condition.Position)} is {expression.ResultType.WithArticle}; a first-true Switch case needs a Boolean");
                    failed = true;
                    continue;
                }

                messages.AddRange(caseMessages.Select(m => $"case '{@case.Name}': {m}"));
                compiled.Add((@case, expression));
            }

            if (failed)
            {
                return new RoutingRow(rule.Name, RoutingRowKind.Switch, "", "", expect?.Text, RoutingRowStatus.Error, messages);
            }

            // matchFirstTrue: the first case that is true wins; otherwise Default.
            foreach (var (@case, expression) in compiled)
            {
                try
                {
                    var value = expression.Evaluate(context);
                    if (!value.IsSet)
                    {
                        messages.Add($"case '{@case.Name}' is NOT_SET; the Switch takes the flow's error path");
                        return new RoutingRow(rule.Name, RoutingRowKind.Switch, expression.CanonicalText, Expectation.ErrorOutcome, expect?.Text, Status(Expectation.ErrorOutcome, expect), messages);
                    }

                    if (value.AsBoolean())
                    {
                        return new RoutingRow(rule.Name, RoutingRowKind.Switch, expression.CanonicalText, @case.Name, expect?.Text, Status(@case.Name, expect), messages);
                    }
                }
                catch (ArchitectRuntimeException ex)
                {
                    messages.Add($"runtime error in case '{@case.Name}' at {Where(@case.Condition.Position)} (the flow's error handling would take over):\n{ex.Diagnostic}");
                    return new RoutingRow(rule.Name, RoutingRowKind.Switch, expression.CanonicalText, Expectation.ErrorOutcome, expect?.Text, Status(Expectation.ErrorOutcome, expect), messages);
                }
            }

            return new RoutingRow(rule.Name, RoutingRowKind.Switch, "(no case true)", rule.DefaultName, expect?.Text, Status(rule.DefaultName, expect), messages);
        }

        private bool TryCompile(string text, RulePosition at, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledExpression? compiled, out List<string> messages)
        {
            messages = [];
            compiled = null;
            if (!ArchitectExpression.TryParse(text, out var expression, out var syntax))
            {
                messages.AddRange(syntax.Select(d => $"syntax error in the expression at {Where(at)}:\n{d}"));
                return false;
            }

            _warnings.AddRange(Lints.EmptyStringComparisons(expression.Root, at));
            if (!expression.TryCompile(context, null, out compiled, out var types))
            {
                messages.AddRange(types.Select(d => $"type error in the expression at {Where(at)}:\n{d}"));
                return false;
            }

            return true;
        }

        private string Where(RulePosition at) => $"{rules.SourceName}:{at.Line}:{at.Column}";

        private static RoutingRowStatus Status(string outcome, Expectation? expect) =>
            expect is null
                ? outcome == Expectation.ErrorOutcome ? RoutingRowStatus.Error : RoutingRowStatus.NotChecked
                : string.Equals(expect.Text, outcome, StringComparison.Ordinal) ? RoutingRowStatus.Passed
                : outcome == Expectation.ErrorOutcome ? RoutingRowStatus.Error
                : RoutingRowStatus.Failed;
    }
}
