namespace ParticipantData.Architect.Tests.Syntax;

/// <summary>The canonical text Architect stores, from the examples in reference/architect.md §A.3.</summary>
public sealed class PrinterTests
{
    [Theory]
    [InlineData(
        "Flow.SMSMSG == \"AGENT\" OR Flow.SMSMSG == \"Agent\" OR Flow.SMSMSG == \"agent\"",
        "((Flow.SMSMSG == \"AGENT\") OR (Flow.SMSMSG == \"Agent\")) OR (Flow.SMSMSG == \"agent\")")]
    [InlineData(
        "AreEqual(Flow.msgState,\"open\") and !Flow.timeout",
        "AreEqual(Flow.msgState, \"open\") and (!Flow.timeout)")]
    [InlineData(
        "\"A\" + Flow.X + \"B\" + Left(Flow.Y, 3) + \".\"",
        "(((\"A\" + Flow.X) + \"B\") + Left(Flow.Y, 3)) + \".\"")]
    [InlineData("Flow.a or Flow.b or Flow.c", "(Flow.a or Flow.b) or Flow.c")]
    [InlineData("((Flow.a))", "Flow.a")]
    [InlineData("!!Flow.a", "!(!Flow.a)")]
    [InlineData("-(-5)", "-(-5)")]
    [InlineData("Left(Flow.a + \"x\", 2)", "Left(Flow.a + \"x\", 2)")]
    [InlineData("Flow.X[Flow.a + Flow.b]", "Flow.X[Flow.a + Flow.b]")]
    [InlineData("(Flow.a + Flow.b).x", "(Flow.a + Flow.b).x")]
    [InlineData("\"a\\\"b\\\\c\\nd\\te\"", "\"a\\\"b\\\\c\\nd\\te\"")]
    [InlineData("1.50 + 007", "1.50 + 007")]
    [InlineData("MakeCommunication(\n  \"...\")", "MakeCommunication(\"...\")")]
    public void Writes_the_canonical_form(string text, string canonical)
    {
        var printed = ArchitectExpression.Parse(text).ToCanonicalString();
        printed.ShouldBe(canonical);
        ArchitectExpression.Parse(printed).ToCanonicalString().ShouldBe(canonical);
    }
}
