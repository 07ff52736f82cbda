using static ParticipantData.Architect.Tests.Eval;

namespace ParticipantData.Architect.Tests.Syntax;

public sealed class ParserTests
{
    [Theory]
    [InlineData("", 1, "expected an expression, found nothing")]
    [InlineData("Flow.a ==", 10, "expected an expression after '=='")]
    [InlineData("Flow.a = 1", 8, "expected '==' for comparison")]
    [InlineData("(Flow.a", 8, "expected ')' to close the '(' at column 1")]
    [InlineData("Flow.a)", 7, "unexpected ')'")]
    [InlineData("Left(Flow.a, )", 14, "expected an argument for Left")]
    [InlineData("Left(Flow.a", 12, "expected ',' or ')' to close the call to Left opened at column 5")]
    [InlineData("tier == \"gold\"", 1, "unknown name 'tier': a variable needs a scope (Flow.tier")]
    [InlineData("Foo.bar", 1, "unknown variable scope 'Foo'")]
    [InlineData("Flow.", 6, "expected a variable name after 'Flow.'")]
    [InlineData("1 < 2 < 3", 7, "comparisons do not chain")]
    [InlineData("Flow.a && Flow.b", 8, "expected 'and'")]
    [InlineData("Flow.a || Flow.b", 8, "expected 'or'")]
    [InlineData("\"abc", 1, "unterminated string")]
    [InlineData("\"a\\qb\"", 3, "unknown escape '\\q'")]
    [InlineData("1.", 3, "expected a digit after the decimal point")]
    [InlineData("12abc", 3, "expected an operator, ',' or ')' after the number 12")]
    [InlineData("'x'", 1, "expected a string in double quotes")]
    [InlineData("not Flow.a", 1, "'not' is not an Architect operator")]
    [InlineData("Flow.a and", 11, "expected an expression after 'and'")]
    [InlineData("and Flow.a", 1, "expected an expression before 'and'")]
    [InlineData("Flow.arr[]", 10, "expected an index expression")]
    [InlineData("Flow.arr[0", 11, "expected ']' to close the index opened at column 9")]
    [InlineData("9999999999999999", 1, "outside Architect's Integer range")]
    [InlineData("Flow.a <> 1", 8, "expected '!='")]
    [InlineData("Flow.a.", 8, "expected a property name after '.'")]
    [InlineData("Flow.1a", 6, "a variable name starts with a letter, not '1'")]
    [InlineData("Flow.a._b", 8, "a property name starts with a letter, not '_'")]
    [InlineData("()", 2, "expected an expression between '(' and ')'")]
    [InlineData("Flow.a Flow.b", 8, "expected an operator or the end of the expression, found 'Flow'")]
    [InlineData("Flow.a + * 2", 10, "expected an expression (a value, variable, function call or '('), found '*'")]
    [InlineData("Flow.a # 2", 8, "unexpected character '#'")]
    public void Rejects_with_position_and_what_was_expected(string text, int column, string message)
    {
        var error = SyntaxError(text);
        error.Line.ShouldBe(1);
        error.Column.ShouldBe(column);
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Reports_line_and_column_in_multi_line_expressions()
    {
        var error = SyntaxError("Trim(Append(\n    \"You typed\", \n    ,\"x\"))");
        error.Line.ShouldBe(3);
        error.Column.ShouldBe(5);
        error.ToString().ShouldBe("3:5: expected an argument for Append, found ','\n      ,\"x\"))\n      ^");
    }

    [Fact]
    public void Throwing_parse_renders_every_diagnostic()
    {
        var ex = Should.Throw<ArchitectException>(() => ArchitectExpression.Parse("Flow.a =="));
        ex.Kind.ShouldBe(ArchitectErrorKind.Syntax);
        ex.Message.ShouldBe("syntax error at 1:10: expected an expression after '==', found the end of the expression\n  Flow.a ==\n           ^");
    }

    [Fact]
    public void An_unescaped_quote_gets_a_hint() =>
        SyntaxError("\"He said, \"Hi\"\"").Message.ShouldContain("a quote inside a string is written \\\"");

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var text = new string('(', 500) + "1" + new string(')', 500);
        SyntaxError(text).Message.ShouldContain("nested more than 200 levels");
        SyntaxError(new string('!', 500) + "true").Message.ShouldContain("nested more than 200 levels");
    }

    [Theory]
    [InlineData("Flow.a or Flow.b and Flow.c", "or(Flow.a,and(Flow.b,Flow.c))")]
    [InlineData("Flow.a and Flow.b or Flow.c", "or(and(Flow.a,Flow.b),Flow.c)")]
    [InlineData("Flow.a AND Flow.b Or Flow.c", "Or(AND(Flow.a,Flow.b),Flow.c)")]
    [InlineData("!Flow.a == Flow.b", "==(!(Flow.a),Flow.b)")]
    [InlineData("!(Flow.a == Flow.b)", "!(==(Flow.a,Flow.b))")]
    [InlineData("1 + 2 * 3 - 4", "-(+(1,*(2,3)),4)")]
    [InlineData("1 - 2 - 3", "-(-(1,2),3)")]
    [InlineData("Flow.a + 1 == 2", "==(+(Flow.a,1),2)")]
    [InlineData("-Flow.a + 1", "+(-(Flow.a),1)")]
    [InlineData("ToPhoneNumber(Call.Ani).e164", "ToPhoneNumber(Call.Ani).e164")]
    [InlineData("Task.Queue.id", "Task.Queue.id")]
    [InlineData("Flow.X[Flow.a + Flow.b]", "[(Flow.X,+(Flow.a,Flow.b))")]
    [InlineData("GetCurrentDateTimeUtc()", "GetCurrentDateTimeUtc()")]
    [InlineData("TRUE or False", "or(true,false)")]
    [InlineData("not_set", "NOT_SET")]
    [InlineData("MakeCommunication(\n  \"x\")", "MakeCommunication(\"x\")")]
    [InlineData("Flow.a\t==\r\n1", "==(Flow.a,1)")]
    public void Precedence_and_associativity(string text, string tree) =>
        ArchitectExpression.Parse(text).ToTreeString().ShouldBe(tree);

    [Theory]
    [InlineData("flow.Tier", "Flow.Tier")]
    [InlineData("TASK.x", "Task.x")]
    [InlineData("contains(Lower(flow.ani),\"x\")", "Contains(Lower(Flow.ani), \"x\")")]
    [InlineData("tophonenumber(call.ani)", "ToPhoneNumber(Call.ani)")]
    [InlineData("unknownFn(1,2)", "unknownFn(1, 2)")]
    public void Names_take_their_canonical_spelling(string text, string canonical) =>
        ArchitectExpression.Parse(text).ToCanonicalString().ShouldBe(canonical);
}
