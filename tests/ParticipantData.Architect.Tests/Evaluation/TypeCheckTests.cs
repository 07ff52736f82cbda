using static ParticipantData.Architect.Tests.Eval;

namespace ParticipantData.Architect.Tests.Evaluation;

public sealed class TypeCheckTests
{
    [Theory]
    [InlineData("\"a\" + 5", "'+' joins two Strings or adds numbers")]
    [InlineData("\"a\" + 5", "convert with ToInt(\"a\") or ToString(5)")]
    [InlineData("Flow.score > 700", "convert with ToInt(Flow.score) or ToString(700)")]
    [InlineData("Flow.nope == 1", "unknown variable Flow.nope")]
    [InlineData("Contians(Flow.score, \"x\")", "unknown function 'Contians': did you mean Contains?")]
    [InlineData("Left(\"abc\")", "Left takes 2 arguments, got 1")]
    [InlineData("Left(1, 2)", "Left does not take (Integer, Integer); it takes Left(String, Integer) → String")]
    [InlineData("Right(Flow.score, Flow.score)", "participant data is text: convert with ToInt(Flow.score)")]
    [InlineData("If(1, 2, 3)", "the condition of If must be a Boolean")]
    [InlineData("If(true, 2, \"x\")", "both branches of If must have the same type")]
    [InlineData("FindQueue(\"Support\")", "FindQueue cannot be evaluated offline")]
    [InlineData("!Flow.score", "'!' needs a Boolean")]
    [InlineData("-Flow.score", "'-' needs an Integer, Decimal or Duration")]
    [InlineData("Flow.score and true", "'and' needs Boolean operands, but Flow.score is a String")]
    [InlineData("5 + NOT_SET", "operator '+' cannot take NOT_SET: it always fails at runtime")]
    [InlineData("Flow.score[0]", "'[ ]' needs a collection")]
    [InlineData("Split(\"a\", \" \")[\"0\"]", "an index must be an Integer, but \"0\" is a String: convert it with ToInt(\"0\")")]
    [InlineData("Flow.score.length", "Flow.score is a String and has no property 'length'")]
    [InlineData("JsonParse(\"{}\").a", "use GetJsonObjectProperty(JsonParse(\"{}\"), \"a\")")]
    [InlineData("ToPhoneNumber(\"+1\").raw", "a PhoneNumber has no property 'raw' here (known: e164)")]
    [InlineData("Split(\"a\", \" \") == Split(\"a\", \" \")", "'==' compares values of one type")]
    [InlineData("true < false", "'<' orders two numbers, Strings, DateTimes or Durations")]
    public void Rejects_with_a_message_that_says_what_to_do(string expression, string message) =>
        TypeError(expression, Str("Flow.score", "700")).Diagnostics.ShouldContain(d => d.Message.Contains(message, StringComparison.Ordinal));

    [Fact]
    public void Reports_every_independent_error_once()
    {
        var ex = TypeError("Foo(1) + Bar(Flow.x + 1)");
        ex.Diagnostics.Select(d => d.Column).ShouldBe([1, 10, 14]);
        ex.Message.ShouldContain("type error at 1:14: unknown variable Flow.x");
    }

    [Fact]
    public void Unknown_nested_variable_names_both_candidates() =>
        TypeError("Email.Message.from.name").Diagnostics[0].Message.ShouldBe("unknown variable Email.Message (or Email.Message.from.name): it is not declared here");

    [Fact]
    public void There_is_no_implicit_cast_from_Boolean_to_Integer()
    {
        var expression = ArchitectExpression.Parse("true");
        expression.TryCompile(Context(), ArchitectType.Integer, out _, out var diagnostics).ShouldBeFalse();
        diagnostics[0].Message.ShouldBe("a Boolean expression cannot be assigned to an Integer: Architect has no implicit conversion between them");
    }

    [Theory]
    [InlineData("3 + 4", "Decimal", "3 + 4", "7")]
    [InlineData("NOT_SET", "Integer", "NOT_SET", "NOT_SET")]
    [InlineData("1.9", "Integer", "ToInt(1.9)", "1")]
    [InlineData("\"2026-11-21T10:00:00Z\"", "DateTime", "ToDateTime(\"2026-11-21T10:00:00Z\")", "2026-11-21T10:00:00.000Z")]
    [InlineData("\"tel:+13175550100\"", "PhoneNumber", "ToPhoneNumber(\"tel:+13175550100\")", "+13175550100")]
    [InlineData("Split(\"a,b\", \",\")", "String", "ToString(Split(\"a,b\", \",\"))", "\"[\\\"a\\\",\\\"b\\\"]\"")]
    public void Implicit_casts_to_the_target_type(string expression, string target, string canonical, string display)
    {
        ArchitectType.TryParse(target, out var type).ShouldBeTrue();
        var compiled = ArchitectExpression.Parse(expression).Compile(Context(), type);
        compiled.CanonicalText.ShouldBe(canonical);
        compiled.ResultType.ShouldBe(type);
        compiled.EvaluateBoth(Context()).ToDisplayString().ShouldBe(display);
    }
}
