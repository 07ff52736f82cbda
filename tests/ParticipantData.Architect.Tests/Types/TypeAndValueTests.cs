namespace ParticipantData.Architect.Tests.Types;

public sealed class TypeAndValueTests
{
    [Theory]
    [InlineData("String", "String")]
    [InlineData("string", "String")]
    [InlineData("int", "Integer")]
    [InlineData("integerVariable", "Integer")]
    [InlineData("stringCollectionVariable", "StringCollection")]
    [InlineData("int_coll", "IntegerCollection")]
    [InlineData("json", "JSON")]
    [InlineData("dtm", "DateTime")]
    [InlineData("Boolean Collection", "BooleanCollection")]
    public void Type_names_parse(string text, string name)
    {
        ArchitectType.TryParse(text, out var type).ShouldBeTrue();
        type.Name.ShouldBe(name);
    }

    [Fact]
    public void Types_are_canonical_instances()
    {
        ArchitectType.CollectionOf(ArchitectType.String).ShouldBeSameAs(ArchitectType.CollectionOf(ArchitectType.String));
        ArchitectType.TryParse("Queue", out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => ArchitectType.CollectionOf(ArchitectType.CollectionOf(ArchitectType.String)));
    }

    [Fact]
    public void Values_compare_by_type_and_content()
    {
        ArchitectValue.String("a").ShouldBe(ArchitectValue.String("a"));
        ArchitectValue.String("a").ShouldNotBe(ArchitectValue.String("A"));
        ArchitectValue.NotSet(ArchitectType.String).ShouldBe(ArchitectValue.NotSet(ArchitectType.String));
        ArchitectValue.NotSet(ArchitectType.String).ShouldNotBe(ArchitectValue.String(""));
        ArchitectValue.Integer(1).ShouldNotBe(ArchitectValue.Decimal(1));
        ArchitectValue.StringCollection("a", "b").ShouldBe(ArchitectValue.StringCollection("a", "b"));
        ArchitectValue.Json("{\"a\": 1}").ShouldBe(ArchitectValue.Json("{ \"a\":1 }"));
    }

    [Fact]
    public void Values_guard_their_ranges_and_shapes()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ArchitectValue.Integer(1_000_000_000_000_000));
        Should.Throw<ArgumentException>(() => ArchitectValue.Collection(ArchitectType.String, [ArchitectValue.Integer(1)]));
        ArchitectValue.NotSet(ArchitectType.CollectionOf(ArchitectType.String)).AsCollection().ShouldBeEmpty();
        Should.Throw<InvalidOperationException>(() => ArchitectValue.NotSet(ArchitectType.String).AsString());
    }

    [Fact]
    public void Display_and_ToString()
    {
        ArchitectValue.String("a\"b\n").ToDisplayString().ShouldBe("\"a\\\"b\\n\"");
        ArchitectValue.String("a\"b\n").ToString().ShouldBe("a\"b\n");
        ArchitectValue.NotSet(ArchitectType.Integer).ToDisplayString().ShouldBe("NOT_SET");
        ArchitectValue.Duration(TimeSpan.FromMilliseconds(1500)).ToDisplayString().ShouldBe("PT1.500S");
        ArchitectValue.DateTime(new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc)).ToString().ShouldBe("2026-11-21T09:00:00.000Z");
    }

    [Fact]
    public void Diagnostics_render_a_caret_under_the_column()
    {
        var diagnostic = new ArchitectDiagnostic("Flow.a ==\n\tFlow.b +", 17, "expected an expression after '+'");
        diagnostic.Line.ShouldBe(2);
        diagnostic.Column.ShouldBe(8);
        diagnostic.ToString().ShouldBe("2:8: expected an expression after '+'\n  \tFlow.b +\n  \t      ^");
    }
}
