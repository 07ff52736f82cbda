namespace ParticipantData.Architect.Syntax;

/// <summary>A parsed expression node. <see cref="Offset"/> is the 0-based position a message about the node points at.</summary>
internal abstract record Expr(int Offset);

internal enum LiteralKind
{
    String,
    Integer,
    Decimal,
    Boolean,
    NotSet,
}

// Text: The literal as the source wrote it (numbers keep their spelling in the canonical text).
// Value: string, long, decimal, bool, or null for NOT_SET.
internal sealed record LiteralExpr(int Offset, LiteralKind Kind, string Text, object? Value) : Expr(Offset);

// Scope: The canonical spelling of the scope (<c>Flow</c>, <c>Task</c>, …).
// Name: The variable name as written; names resolve case-insensitively.
internal sealed record VariableExpr(int Offset, string Scope, string Name) : Expr(Offset)
{
    public string FullName => Scope + "." + Name;
}

/// <summary><c>target.name</c>; <see cref="Expr.Offset"/> is the position of the name.</summary>
internal sealed record MemberExpr(int Offset, Expr Target, string Name) : Expr(Offset);

/// <summary><c>target[index]</c>; <see cref="Expr.Offset"/> is the position of '['.</summary>
internal sealed record IndexExpr(int Offset, Expr Target, Expr Index) : Expr(Offset);

// Name: The function name as written; the printer writes the canonical spelling of a known function.
internal sealed record CallExpr(int Offset, string Name, IReadOnlyList<Expr> Arguments) : Expr(Offset);

internal enum UnaryOperator
{
    Not,
    Negate,
}

/// <summary><c>!x</c> or <c>-x</c>; <see cref="Expr.Offset"/> is the position of the operator.</summary>
internal sealed record UnaryExpr(int Offset, UnaryOperator Operator, Expr Operand) : Expr(Offset);

internal enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

// Spelling: The operator as written: Architect keeps <c>OR</c> and <c>or</c> apart in its stored text.
internal sealed record BinaryExpr(int Offset, BinaryOperator Operator, string Spelling, Expr Left, Expr Right) : Expr(Offset);

internal static class OperatorText
{
    public static string Canonical(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };

    public static string Of(UnaryOperator op) => op == UnaryOperator.Not ? "!" : "-";
}
