using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect.Tests.Syntax;

/// <summary>Property: printing any tree and parsing the text gives the same tree, and printing is a fixed point.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 20; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Print_then_parse_gives_the_same_tree(int seed)
    {
        var generator = new ExpressionGenerator(seed);
        for (var i = 0; i < 250; i++)
        {
            var tree = generator.Next();
            var printed = Printer.Print(tree);
            if (!ArchitectExpression.TryParse(printed, out var parsed, out var diagnostics))
            {
                Assert.Fail($"seed {seed} #{i}: the printed form does not parse:\n{printed}\n{diagnostics[0]}");
            }

            parsed.ToTreeString().ShouldBe(TreePrinter.Print(tree), $"seed {seed} #{i}: {printed}");
            parsed.ToCanonicalString().ShouldBe(printed, $"seed {seed} #{i}");
        }
    }
}
