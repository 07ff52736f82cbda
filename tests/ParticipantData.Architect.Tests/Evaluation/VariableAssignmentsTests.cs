namespace ParticipantData.Architect.Tests.Evaluation;

public sealed class VariableAssignmentsTests
{
    [Theory]
    [InlineData("Flow.tier=gold", "Flow.tier", "String", "\"gold\"")]
    [InlineData("flow.tier=gold and silver", "Flow.tier", "String", "\"gold and silver\"")]
    [InlineData("Flow.score=700", "Flow.score", "Integer", "700")]
    [InlineData("Flow.score=-7", "Flow.score", "Integer", "-7")]
    [InlineData("Flow.ratio=0.42", "Flow.ratio", "Decimal", "0.42")]
    [InlineData("Flow.vip=true", "Flow.vip", "Boolean", "true")]
    [InlineData("Flow.code=\"007\"", "Flow.code", "String", "\"007\"")]
    [InlineData("Flow.quote=\"a \\\"b\\\"\"", "Flow.quote", "String", "\"a \\\"b\\\"\"")]
    [InlineData("Flow.code:String=007", "Flow.code", "String", "\"007\"")]
    [InlineData("Flow.x=NOT_SET", "Flow.x", "String", "NOT_SET")]
    [InlineData("Flow.x:Integer=NOT_SET", "Flow.x", "Integer", "NOT_SET")]
    [InlineData("Flow.list=[\"a\",\"b\"]", "Flow.list", "StringCollection", "[\"a\", \"b\"]")]
    [InlineData("Flow.list=[3,2]", "Flow.list", "IntegerCollection", "[3, 2]")]
    [InlineData("Flow.list=[]", "Flow.list", "StringCollection", "[]")]
    [InlineData("Flow.ids:IntegerCollection=[1, 2]", "Flow.ids", "IntegerCollection", "[1, 2]")]
    [InlineData("Flow.j={\"a\": 1}", "Flow.j", "JSON", "{\"a\":1}")]
    [InlineData("Flow.wait:Duration=PT30S", "Flow.wait", "Duration", "PT30S")]
    [InlineData("Flow.wait:Duration=1500", "Flow.wait", "Duration", "PT1.500S")]
    [InlineData("Flow.at:DateTime=2026-11-21T09:00:00Z", "Flow.at", "DateTime", "2026-11-21T09:00:00.000Z")]
    [InlineData("Call.Ani:PhoneNumber=tel:+13175550100", "Call.Ani", "PhoneNumber", "+13175550100")]
    [InlineData("Email.Message.from.name=Jane Doe", "Email.Message.from.name", "String", "\"Jane Doe\"")]
    [InlineData("Flow.empty=", "Flow.empty", "String", "\"\"")]
    [InlineData("Flow.eq=a=b", "Flow.eq", "String", "\"a=b\"")]
    public void Parses_name_type_and_value(string text, string name, string type, string display)
    {
        var assignment = VariableAssignments.Parse(text);
        assignment.Name.ShouldBe(name);
        assignment.Value.Type.Name.ShouldBe(type);
        assignment.Value.ToDisplayString().ShouldBe(display);
    }

    [Theory]
    [InlineData("tier=gold", "'tier' needs a scope")]
    [InlineData("Flow.tier", "expected Name=value")]
    [InlineData("Flow.n:Integer=abc", "Flow.n: cannot read \"abc\" as an Integer")]
    [InlineData("Flow.n:Queue=abc", "unknown type 'Queue'")]
    [InlineData("Flow.l=[1, \"a\"]", "a collection holds items of one type")]
    public void Rejects_with_a_clear_message(string text, string message)
    {
        VariableAssignments.TryParse(text, out var result, out var error).ShouldBeFalse();
        result.ShouldBeNull();
        error.ShouldContain(message);
        Should.Throw<FormatException>(() => VariableAssignments.Parse(text));
    }

    [Fact]
    public void Builds_a_context_for_eval()
    {
        var context = VariableAssignments.ToContext([VariableAssignments.Parse("Flow.tier=gold"), VariableAssignments.Parse("Flow.score=720")]);
        ArchitectExpression.Parse("Flow.tier == \"gold\" and Flow.score > 700").EvaluateBoth(context).ShouldBe(ArchitectValue.True);
    }
}
