using System.Text;
using ParticipantData.Architect.Functions;
using ParticipantData.Architect.Types;

namespace ParticipantData.Architect.Syntax;

/// <summary>
/// Writes the canonical text Architect stores next to its parse tree: every operator operand that is itself an
/// operator expression is parenthesised, the outermost expression is not, arguments are separated by ", ",
/// function names and scopes take their canonical spelling, and <c>and</c>/<c>or</c> keep the author's spelling.
/// E.g. <c>((Flow.a == "x") OR (Flow.a == "y")) OR (Flow.a == "z")</c>.
/// </summary>
internal static class Printer
{
    public static string Print(Expr expr)
    {
        var builder = new StringBuilder();
        Write(builder, expr);
        return builder.ToString();
    }

    private static void Write(StringBuilder b, Expr expr)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                b.Append(LiteralText(literal));
                break;
            case VariableExpr variable:
                b.Append(variable.Scope).Append('.').Append(variable.Name);
                break;
            case MemberExpr member:
                // "5.x" would lex as a malformed decimal.
                if (member.Target is LiteralExpr { Kind: LiteralKind.Integer })
                {
                    b.Append('(');
                    Write(b, member.Target);
                    b.Append(')');
                }
                else
                {
                    WriteOperand(b, member.Target);
                }

                b.Append('.').Append(member.Name);
                break;
            case IndexExpr index:
                WriteOperand(b, index.Target);
                b.Append('[');
                Write(b, index.Index);
                b.Append(']');
                break;
            case CallExpr call:
                b.Append(FunctionRegistry.CanonicalName(call.Name)).Append('(');
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(", ");
                    }

                    Write(b, call.Arguments[i]);
                }

                b.Append(')');
                break;
            case UnaryExpr unary:
                b.Append(OperatorText.Of(unary.Operator));
                WriteOperand(b, unary.Operand);
                break;
            case BinaryExpr binary:
                WriteOperand(b, binary.Left);
                b.Append(' ').Append(binary.Spelling).Append(' ');
                WriteOperand(b, binary.Right);
                break;
        }
    }

    private static void WriteOperand(StringBuilder b, Expr operand)
    {
        if (operand is BinaryExpr or UnaryExpr)
        {
            b.Append('(');
            Write(b, operand);
            b.Append(')');
        }
        else
        {
            Write(b, operand);
        }
    }

    internal static string LiteralText(LiteralExpr literal) => literal.Kind switch
    {
        LiteralKind.String => ValueFormatting.QuoteString((string)literal.Value!),
        LiteralKind.Boolean => (bool)literal.Value! ? "true" : "false",
        LiteralKind.NotSet => "NOT_SET",
        _ => literal.Text,
    };
}

/// <summary>
/// Writes the parse tree in prefix form, the notation of the reference corpus:
/// <c>OR(==(Flow.a,"x"),!(Flow.b))</c>. Used by tests and by <c>pdata eval --tree</c>-style diagnostics.
/// </summary>
internal static class TreePrinter
{
    public static string Print(Expr expr) => expr switch
    {
        LiteralExpr literal => Printer.LiteralText(literal),
        VariableExpr variable => variable.Scope + "." + variable.Name,
        MemberExpr member => Print(member.Target) + "." + member.Name,
        IndexExpr index => "[(" + Print(index.Target) + "," + Print(index.Index) + ")",
        CallExpr call => FunctionRegistry.CanonicalName(call.Name) + "(" + string.Join(",", call.Arguments.Select(Print)) + ")",
        UnaryExpr unary => OperatorText.Of(unary.Operator) + "(" + Print(unary.Operand) + ")",
        BinaryExpr binary => binary.Spelling + "(" + Print(binary.Left) + "," + Print(binary.Right) + ")",
        _ => "?",
    };
}
