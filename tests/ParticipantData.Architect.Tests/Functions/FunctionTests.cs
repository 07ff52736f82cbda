using ParticipantData.Architect.Tests.Evaluation;
using static ParticipantData.Architect.Tests.Eval;

namespace ParticipantData.Architect.Tests.Functions;

public sealed class FunctionTests
{
    [Theory]
    [InlineData("Contains(\"Anonymous\", \"anon\")", "false")]
    [InlineData("Contains(\"Anonymous\", \"Anon\")", "true")]
    [InlineData("Lower(\"ÀBC\")", "\"àbc\"")]
    [InlineData("Upper(\"abc\")", "\"ABC\"")]
    [InlineData("Trim(\"  a b \")", "\"a b\"")]
    [InlineData("Left(\"abc\", 2)", "\"ab\"")]
    [InlineData("Left(\"abc\", 5)", "\"abc\"")]
    [InlineData("Right(\"abc\", 0)", "\"\"")]
    [InlineData("Substring(\"abcdef\", 2, 3)", "\"cde\"")]
    [InlineData("Substring(\"abcdef\", 4, 10)", "\"ef\"")]
    [InlineData("FindString(\"abcabc\", \"c\")", "2")]
    [InlineData("FindString(\"abc\", \"z\")", "-1")]
    [InlineData("Length(\"abc\")", "3")]
    [InlineData("Replace(\"a-b-c\", \"-\", \"+\")", "\"a+b+c\"")]
    [InlineData("Replace(\"abc\", \"\", \"x\")", "\"abc\"")]
    [InlineData("Append(\"a\")", "\"a\"")]
    [InlineData("Append(\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\")", "\"abcdefghi\"")]
    [InlineData("Split(\"a,,b\", \",\")", "[\"a\", \"\", \"b\"]")]
    [InlineData("Count(Split(\"\", \",\"))", "1")]
    [InlineData("MakeList(1, 2.5)", "[1, 2.5]")]
    [InlineData("FindFirst(MakeList(3, 4), 4)", "1")]
    [InlineData("MakeList(\"a\", \"b\")[1]", "\"b\"")]
    [InlineData("IsSet(NOT_SET)", "false")]
    [InlineData("IsNotSet(\"\")", "false")]
    [InlineData("IsNotSetOrEmpty(\" \")", "false")]
    [InlineData("IsNotSetOrEmpty(Split(\"a\", \",\"))", "false")]
    [InlineData("AreEqual(\"a\", \"A\")", "false")]
    [InlineData("AreEqual(NOT_SET, \"\")", "false")]
    [InlineData("Equals(2, 2.0)", "true")]
    [InlineData("And(true, true, false)", "false")]
    [InlineData("Or(false, true)", "true")]
    [InlineData("Not(false)", "true")]
    [InlineData("ToString(NOT_SET)", "NOT_SET")]
    [InlineData("ToString(1.50)", "\"1.5\"")]
    [InlineData("ToString(true)", "\"true\"")]
    [InlineData("ToString(MakeDuration(1, 2, 3, 4, 5))", "\"P1DT2H3M4.005S\"")]
    [InlineData("ToString(MakeDuration(0, 0, 0, 0))", "\"PT0S\"")]
    [InlineData("ToString(JsonParse(\"{ \\\"a\\\": [1, 2] }\"))", "\"{\\\"a\\\":[1,2]}\"")]
    [InlineData("ToString(GetJsonObjectProperty(JsonParse(\"{\\\"tier\\\":\\\"gold\\\"}\"), \"tier\"))", "\"gold\"")]
    [InlineData("IsSet(GetJsonObjectProperty(JsonParse(\"{}\"), \"tier\"))", "false")]
    [InlineData("ToDisplayString(NOT_SET)", "\"\"")]
    [InlineData("ToInt(\" -42 \")", "-42")]
    [InlineData("ToInt(-2.7)", "-2")]
    [InlineData("ToInt(NOT_SET)", "NOT_SET")]
    [InlineData("ToDecimal(\"1.25\")", "1.25")]
    [InlineData("ToBool(\"TRUE\")", "true")]
    [InlineData("ToPhoneNumber(\"tel:+1 (317) 555-0100\").e164", "\"+13175550100\"")]
    [InlineData("ToPhoneNumber(\"sip:+13175550100@example.com;user=phone\").e164", "\"+13175550100\"")]
    [InlineData("IsSet(ToPhoneNumber(\"3175550100\").e164)", "false")]
    [InlineData("ToDateTime(\"2026-11-21T10:30:00+01:00\")", "2026-11-21T09:30:00.000Z")]
    [InlineData("ToDateTime(\"2026-11-21 09:00:00\")", "2026-11-21T09:00:00.000Z")]
    [InlineData("AddMinutes(ToDateTime(\"2026-11-21T09:00:00Z\"), 90)", "2026-11-21T10:30:00.000Z")]
    [InlineData("DateTimeDiff(ToDateTime(\"2026-11-21T09:00:00Z\"), ToDateTime(\"2026-11-21T08:00:00Z\"))", "PT1H")]
    [InlineData("DateTimeDiff(GetCurrentDateTimeUtc(), ToDateTime(\"2026-11-21T08:59:30Z\")) >= MakeDuration(0, 0, 0, 30)", "true")]
    [InlineData("ToDateTime(\"2026-11-21T09:00:00Z\") + MakeDuration(1, 0, 0, 0) - MakeDuration(0, 1, 0, 0)", "2026-11-22T08:00:00.000Z")]
    [InlineData("ToDateTime(\"2026-11-21T09:00:00Z\") - ToDateTime(\"2026-11-20T09:00:00Z\")", "P1D")]
    [InlineData("-MakeDuration(0, 0, 1, 0)", "-PT1M")]
    public void Evaluates(string expression, string display) =>
        Run(expression).ToDisplayString().ShouldBe(display);

    [Fact]
    public void GetCurrentDateTimeUtc_reads_the_injected_clock()
    {
        var clock = Clock();
        var context = new EvaluationContext(clock);
        var compiled = ArchitectExpression.Parse("GetCurrentDateTimeUtc()").Compile(context);
        compiled.EvaluateBoth(context).AsDateTime().ShouldBe(new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc));
        clock.Advance(TimeSpan.FromMinutes(5.0005));
        compiled.EvaluateBoth(context).ToDisplayString().ShouldBe("2026-11-21T09:05:00.030Z");
    }

    [Fact]
    public void MakeDuration_has_Architects_range() =>
        Fails("MakeDuration(11574075, 0, 0, 0)").Diagnostic.Message.ShouldContain("outside Architect's range");
}
