using static ParticipantData.Architect.Tests.Eval;

namespace ParticipantData.Architect.Tests.Evaluation;

public sealed class EvaluationTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("7 % 3", "1")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("1.5 + 1", "2.5")]
    [InlineData("-3 + 1", "-2")]
    [InlineData("\"a\" + \"b\"", "\"ab\"")]
    [InlineData("2 >= 2 and 1 < 2 and 3 > 2 and 2 <= 2 and 1 != 2", "true")]
    [InlineData("\"abc\" < \"abd\"", "true")]
    [InlineData("true or false and false", "true")]
    [InlineData("!true == false", "true")]
    [InlineData("NOT_SET == NOT_SET", "true")]
    [InlineData("NOT_SET != \"\"", "true")]
    [InlineData("1 == 1.0", "true")]
    [InlineData("MakeDuration(0, 1, 0, 0) > MakeDuration(0, 0, 59, 59, 999)", "true")]
    [InlineData("If(true, 1, 2.5)", "1")]
    [InlineData("If(false, NOT_SET, 5)", "5")]
    [InlineData("If(true, NOT_SET, 5)", "NOT_SET")]
    public void Operators(string expression, string display) =>
        Run(expression).ToDisplayString().ShouldBe(display);

    [Fact]
    public void String_equality_is_case_sensitive()
    {
        Run("Flow.tier == \"Gold\"", Str("Flow.tier", "gold")).ShouldBe(ArchitectValue.False);
        Run("Lower(Flow.tier) == \"gold\"", Str("Flow.tier", "GOLD")).ShouldBe(ArchitectValue.True);
    }

    [Fact]
    public void If_result_type_widens_to_Decimal() =>
        ArchitectExpression.Parse("If(true, 1, 2.5)").Compile(Context()).ResultType.ShouldBe(ArchitectType.Decimal);

    [Fact]
    public void And_short_circuits_so_an_IsSet_guard_protects_the_right_operand()
    {
        const string Condition = "IsSet(Flow.score) and ToInt(Flow.score) > 700";
        Run(Condition, NotSet("Flow.score", ArchitectType.String)).ShouldBe(ArchitectValue.False);
        Run(Condition, Str("Flow.score", "720")).ShouldBe(ArchitectValue.True);
        Run("Flow.vip or Flow.undefinedFlag", ("Flow.vip", ArchitectValue.True), NotSet("Flow.undefinedFlag", ArchitectType.Boolean))
            .ShouldBe(ArchitectValue.True);
    }

    [Fact]
    public void NOT_SET_in_and_is_a_runtime_error()
    {
        var ex = Fails("Flow.flag and true", NotSet("Flow.flag", ArchitectType.Boolean));
        ex.Diagnostic.Message.ShouldContain("'and' cannot take NOT_SET: Flow.flag is NOT_SET");
    }

    [Fact]
    public void NOT_SET_in_a_comparison_is_a_runtime_error_naming_the_operand()
    {
        var ex = Fails("ToInt(Flow.score) > 700", NotSet("Flow.score", ArchitectType.String));
        ex.Diagnostic.Message.ShouldContain("operator '>' cannot take NOT_SET: ToInt(Flow.score) is NOT_SET");
        ex.Diagnostic.Column.ShouldBe(1);
    }

    [Fact]
    public void A_declared_variable_missing_at_runtime_is_NOT_SET()
    {
        var compiled = ArchitectExpression.Parse("IsSet(Flow.tier)").Compile(new VariableTypes().Declare("Flow.tier", ArchitectType.String));
        compiled.EvaluateBoth(new EvaluationContext()).ShouldBe(ArchitectValue.False);
        compiled.EvaluateBoth(new EvaluationContext().Set("flow.TIER", ArchitectValue.String("gold"))).ShouldBe(ArchitectValue.True);
    }

    [Fact]
    public void A_variable_holding_another_type_than_compiled_for_is_a_runtime_error()
    {
        var compiled = ArchitectExpression.Parse("Flow.x + 1").Compile(new VariableTypes().Declare("Flow.x", ArchitectType.Integer));
        Should.Throw<ArchitectRuntimeException>(() => compiled.EvaluateBoth(Context(Str("Flow.x", "1"))))
            .Diagnostic.Message.ShouldContain("holds a String, but the expression was compiled for an Integer");
    }

    [Fact]
    public void Compiled_once_evaluates_with_many_contexts()
    {
        var compiled = ArchitectExpression.Parse("IsSet(Flow.tier) and Flow.tier == \"gold\" or ToInt(Flow.score) > 700")
            .Compile(new VariableTypes().Declare("Flow.tier", ArchitectType.String).Declare("Flow.score", ArchitectType.String));
        compiled.ResultType.ShouldBe(ArchitectType.Boolean);
        compiled.EvaluateBoth(Context(Str("Flow.tier", "gold"), Str("Flow.score", "1"))).ShouldBe(ArchitectValue.True);
        compiled.EvaluateBoth(Context(Str("Flow.tier", "silver"), Str("Flow.score", "701"))).ShouldBe(ArchitectValue.True);
        compiled.EvaluateBoth(Context(Str("Flow.tier", "silver"), Str("Flow.score", "700"))).ShouldBe(ArchitectValue.False);
    }

    [Theory]
    [InlineData("1 / 0", "division by zero in '/'")]
    [InlineData("1 % 0", "division by zero in '%'")]
    [InlineData("999999999999999 + 1", "outside Architect's Integer range")]
    [InlineData("999999999999999 * 999999999999999", "outside Architect's Integer range")]
    [InlineData("ToInt(\"abc\")", "ToInt cannot convert \"abc\" to an Integer")]
    [InlineData("ToInt(\"4.5\")", "ToInt cannot convert \"4.5\"")]
    [InlineData("GetAt(Split(\"a b\", \" \"), 2)", "GetAt: index 2 is outside the collection (valid: 0 to 1; indexes are 0-based)")]
    [InlineData("Split(\"a\", \" \")[-1]", "index -1 is outside the collection")]
    [InlineData("JsonParse(\"{\")", "JsonParse: the text is not JSON")]
    [InlineData("ToDateTime(\"yesterday\")", "ToDateTime cannot convert \"yesterday\"")]
    [InlineData("Left(\"abc\", -1)", "Left: the count -1 is negative")]
    [InlineData("AddMinutes(ToDateTime(\"1800-01-01T00:00:00Z\"), -1)", "outside the DateTime range")]
    [InlineData("MakeList(\"a\", NOT_SET)", "MakeList does not accept NOT_SET: argument 2")]
    public void Runtime_errors(string expression, string message) =>
        Fails(expression).Diagnostic.Message.ShouldContain(message);

    [Fact]
    public void Runtime_error_positions_point_at_the_offending_argument()
    {
        var ex = Fails("Append(\"a\", Flow.b)", NotSet("Flow.b", ArchitectType.String));
        ex.Diagnostic.Column.ShouldBe(13);
        ex.Message.ShouldStartWith("runtime error at 1:13: Append does not accept NOT_SET: argument 2 (Flow.b) is NOT_SET");
    }
}
