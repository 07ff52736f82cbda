using System.Globalization;
using System.Text;
using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect.Tests.Syntax;

/// <summary>
/// A seeded random generator of parse trees covering every node kind, operator spelling and string escape.
/// Offsets are irrelevant to the properties checked, so every node gets 0.
/// </summary>
internal sealed class ExpressionGenerator(int seed)
{
    private static readonly string[] ScopeNames = ["Flow", "Task", "State", "Slot", "Call", "Message", "Email", "Chat", "System"];
    private static readonly string[] Functions = ["If", "IsSet", "ToString", "ToInt", "Append", "Contains", "Lower", "GetAt", "Count", "MakeList", "GetCurrentDateTimeUtc", "NotAFunction"];
    private static readonly (BinaryOperator Op, string[] Spellings)[] Operators =
    [
        (BinaryOperator.Or, ["or", "OR"]),
        (BinaryOperator.And, ["and", "AND"]),
        (BinaryOperator.Equal, ["=="]),
        (BinaryOperator.NotEqual, ["!="]),
        (BinaryOperator.Less, ["<"]),
        (BinaryOperator.LessOrEqual, ["<="]),
        (BinaryOperator.Greater, [">"]),
        (BinaryOperator.GreaterOrEqual, [">="]),
        (BinaryOperator.Add, ["+"]),
        (BinaryOperator.Subtract, ["-"]),
        (BinaryOperator.Multiply, ["*"]),
        (BinaryOperator.Divide, ["/"]),
        (BinaryOperator.Modulo, ["%"]),
    ];

    private const string StringAlphabet = "abcXYZ019 '\"\\\n\t,.()[]+-!=<>éß€";

    private readonly Random _random = new(seed);

    public Expr Next(int depth = 5)
    {
        if (depth <= 0 || _random.Next(4) == 0)
        {
            return Leaf();
        }

        switch (_random.Next(6))
        {
            case 0:
                {
                    var (op, spellings) = Operators[_random.Next(Operators.Length)];
                    return new BinaryExpr(0, op, spellings[_random.Next(spellings.Length)], Next(depth - 1), Next(depth - 1));
                }

            case 1:
                return new UnaryExpr(0, _random.Next(2) == 0 ? UnaryOperator.Not : UnaryOperator.Negate, Next(depth - 1));
            case 2:
                {
                    var name = Functions[_random.Next(Functions.Length)];
                    name = _random.Next(3) == 0 ? name.ToLowerInvariant() : name;
                    var args = Enumerable.Range(0, _random.Next(4)).Select(_ => Next(depth - 1)).ToList();
                    return new CallExpr(0, name, args);
                }

            case 3:
                return new MemberExpr(0, Next(depth - 1), Name());
            case 4:
                return new IndexExpr(0, Next(depth - 1), Next(depth - 1));
            default:
                return Leaf();
        }
    }

    private Expr Leaf()
    {
        switch (_random.Next(7))
        {
            case 0:
                {
                    var builder = new StringBuilder();
                    for (var i = _random.Next(6); i > 0; i--)
                    {
                        builder.Append(StringAlphabet[_random.Next(StringAlphabet.Length)]);
                    }

                    var value = builder.ToString();
                    return new LiteralExpr(0, LiteralKind.String, "\"" + value + "\"", value);
                }

            case 1:
                {
                    var n = _random.NextInt64(0, 999_999_999_999_999);
                    return new LiteralExpr(0, LiteralKind.Integer, n.ToString(CultureInfo.InvariantCulture), n);
                }

            case 2:
                {
                    var text = _random.Next(1000).ToString(CultureInfo.InvariantCulture) + "." + _random.Next(100).ToString("00", CultureInfo.InvariantCulture);
                    return new LiteralExpr(0, LiteralKind.Decimal, text, decimal.Parse(text, CultureInfo.InvariantCulture));
                }

            case 3:
                {
                    var value = _random.Next(2) == 0;
                    return new LiteralExpr(0, LiteralKind.Boolean, value ? "true" : "false", value);
                }

            case 4:
                return new LiteralExpr(0, LiteralKind.NotSet, "NOT_SET", null);
            default:
                return new VariableExpr(0, ScopeNames[_random.Next(ScopeNames.Length)], Name());
        }
    }

    private string Name()
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const string Rest = Letters + "0123456789_";
        var builder = new StringBuilder().Append(Letters[_random.Next(Letters.Length)]);
        for (var i = _random.Next(8); i > 0; i--)
        {
            builder.Append(Rest[_random.Next(Rest.Length)]);
        }

        return builder.ToString();
    }
}
