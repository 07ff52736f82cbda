using ParticipantData.Architect.Tests.Evaluation;
using ParticipantData.Testing;

namespace ParticipantData.Architect.Tests;

/// <summary>Small helpers so each test reads as expression → inputs → expected.</summary>
internal static class Eval
{
    public static ManualTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));

    public static EvaluationContext Context(params (string Name, ArchitectValue Value)[] variables)
    {
        var context = new EvaluationContext(Clock());
        foreach (var (name, value) in variables)
        {
            context.Set(name, value);
        }

        return context;
    }

    public static ArchitectValue Run(string expression, params (string Name, ArchitectValue Value)[] variables) =>
        ArchitectExpression.Parse(expression).EvaluateBoth(Context(variables));

    public static ArchitectRuntimeException Fails(string expression, params (string Name, ArchitectValue Value)[] variables) =>
        Should.Throw<ArchitectRuntimeException>(() => Run(expression, variables));

    public static ArchitectException TypeError(string expression, params (string Name, ArchitectValue Value)[] variables)
    {
        var ex = Should.Throw<ArchitectException>(() => ArchitectExpression.Parse(expression).Compile(Context(variables)));
        ex.Kind.ShouldBe(ArchitectErrorKind.Type);
        return ex;
    }

    public static ArchitectDiagnostic SyntaxError(string expression)
    {
        ArchitectExpression.TryParse(expression, out var parsed, out var diagnostics).ShouldBeFalse();
        parsed.ShouldBeNull();
        diagnostics.Count.ShouldBe(1);
        return diagnostics[0];
    }

    public static (string, ArchitectValue) Str(string name, string value) => (name, ArchitectValue.String(value));

    public static (string, ArchitectValue) Int(string name, long value) => (name, ArchitectValue.Integer(value));

    public static (string, ArchitectValue) NotSet(string name, ArchitectType type) => (name, ArchitectValue.NotSet(type));

    /// <summary>Tree strings compared without spaces: the reference writes them with and without.</summary>
    public static string Squash(string tree) => tree.Replace(" ", "", StringComparison.Ordinal);
}
