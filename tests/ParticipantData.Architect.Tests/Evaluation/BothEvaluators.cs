namespace ParticipantData.Architect.Tests.Evaluation;

/// <summary>
/// Evaluates with the interpreter (the reference) and with the compiled delegate, and fails unless both give the same
/// outcome: the same value of the same type written the same way, or the same runtime error at the same place.
/// </summary>
internal static class BothEvaluators
{
    /// <summary>The compiled delegate's value (or its error, rethrown) once it has matched the interpreter's.</summary>
    public static ArchitectValue EvaluateBoth(this CompiledExpression compiled, EvaluationContext context)
    {
        var actual = Compare(compiled, context);
        actual.Error?.Throw();
        return actual.Value;
    }

    /// <summary>The outcome both evaluators gave; fails when they differ.</summary>
    public static Outcome Compare(CompiledExpression compiled, EvaluationContext context)
    {
        var reference = Outcome.Of(() => compiled.Interpret(context));
        var actual = Outcome.Of(() => compiled.Evaluate(context));
        actual.Describe().ShouldBe(reference.Describe(), $"compiled vs interpreted: {compiled.CanonicalText}");
        return actual;
    }

    /// <summary>Parses, compiles against the context's own variables and evaluates both ways.</summary>
    public static ArchitectValue EvaluateBoth(this ArchitectExpression expression, EvaluationContext context, ArchitectType? targetType = null) =>
        expression.Compile(context, targetType).EvaluateBoth(context);

    internal sealed record Outcome(ArchitectValue Value, System.Runtime.ExceptionServices.ExceptionDispatchInfo? Error)
    {
        public static Outcome Of(Func<ArchitectValue> evaluate)
        {
            try
            {
                return new Outcome(evaluate(), null);
            }
            catch (Exception e)
            {
                return new Outcome(default, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e));
            }
        }

        /// <summary>Everything the two evaluators must agree on, as text (a value's type and display, or an error's type and diagnostic).</summary>
        public string Describe() => Error?.SourceException switch
        {
            null => $"{Value.Type.Name} {(Value.IsSet ? "set" : "NOT_SET")} {Value.ToDisplayString()}",
            ArchitectRuntimeException runtime => $"{runtime.GetType().Name} {runtime.Diagnostic}",
            var other => $"{other.GetType().Name} {other.Message}",
        };
    }
}
