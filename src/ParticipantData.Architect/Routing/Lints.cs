using ParticipantData.Architect.Evaluation;
using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect.Routing;

/// <summary>Checks for the mistakes people make most often when routing on participant data.</summary>
internal static class Lints
{
    // DOC [SPD]/[GPD]: bot flows limit a participant data value to 256 characters.
    public const int BotFlowValueLimit = 256;

    /// <summary>An attribute the rules read is absent, but one differing only in case (or by a typo) is present.</summary>
    public static RoutingWarning? NearMiss(string attribute, IReadOnlyDictionary<string, string> attributes, RulePosition at)
    {
        if (attributes.ContainsKey(attribute))
        {
            return null;
        }

        var sameIgnoringCase = attributes.Keys.FirstOrDefault(k => string.Equals(k, attribute, StringComparison.OrdinalIgnoreCase));
        if (sameIgnoringCase is not null)
        {
            return new RoutingWarning("attribute-case",
                $"attribute \"{attribute}\" is not on the participant, but \"{sameIgnoringCase}\" is: attribute names are case-sensitive, so Get Participant Data would not find it. Use \"{sameIgnoringCase}\" (or fix the writer).",
                at.Line, at.Column);
        }

        if (attribute.Length < 4)
        {
            return null;
        }

        var typo = attributes.Keys
            .Select(k => (Key: k, Distance: Similarity.EditDistance(k.ToUpperInvariant(), attribute.ToUpperInvariant())))
            .Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance)
            .Select(x => x.Key)
            .FirstOrDefault();
        return typo is null
            ? null
            : new RoutingWarning("attribute-case",
                $"attribute \"{attribute}\" is not on the participant; did you mean \"{typo}\"? Attribute names must match exactly.",
                at.Line, at.Column);
    }

    /// <summary><c>x == ""</c> is false for NOT_SET, which is what a missing attribute gives: IsNotSetOrEmpty is meant.</summary>
    public static IEnumerable<RoutingWarning> EmptyStringComparisons(Expr expr, RulePosition at)
    {
        foreach (var node in Walk(expr))
        {
            Expr? other = node switch
            {
                BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual } b when IsEmptyString(b.Right) && !IsEmptyString(b.Left) => b.Left,
                BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual } b when IsEmptyString(b.Left) && !IsEmptyString(b.Right) => b.Right,
                CallExpr c when IsAreEqual(c) && IsEmptyString(c.Arguments[1]) => c.Arguments[0],
                CallExpr c when IsAreEqual(c) && IsEmptyString(c.Arguments[0]) => c.Arguments[1],
                _ => null,
            };
            if (other is null)
            {
                continue;
            }

            var text = Printer.Print(other);
            var negated = node is BinaryExpr { Operator: BinaryOperator.NotEqual };
            yield return new RoutingWarning("empty-string-compare",
                negated
                    ? $"{Printer.Print(node)} is true when {text} is NOT_SET (a missing attribute gives NOT_SET, not \"\"): write !IsNotSetOrEmpty({text})"
                    : $"{Printer.Print(node)} is false when {text} is NOT_SET (a missing attribute gives NOT_SET, not \"\"): write IsNotSetOrEmpty({text})",
                at.Line, at.Column);
        }
    }

    private static bool IsAreEqual(CallExpr call) =>
        call.Arguments.Count == 2 && string.Equals(call.Name, "AreEqual", StringComparison.OrdinalIgnoreCase);

    private static bool IsEmptyString(Expr expr) => expr is LiteralExpr { Kind: LiteralKind.String, Value: "" };

    private static IEnumerable<Expr> Walk(Expr expr)
    {
        yield return expr;
        IEnumerable<Expr> children = expr switch
        {
            MemberExpr m => [m.Target],
            IndexExpr i => [i.Target, i.Index],
            CallExpr c => c.Arguments,
            UnaryExpr u => [u.Operand],
            BinaryExpr b => [b.Left, b.Right],
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var node in Walk(child))
            {
                yield return node;
            }
        }
    }
}
