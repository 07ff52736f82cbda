using ParticipantData.Architect.Functions;
using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect.Evaluation;

/// <summary>Binary operators: which <see cref="BinaryKind"/> each operator and pair of operand types selects, and the messages when none fits.</summary>
internal sealed partial class Binder
{
    private BoundNode BindBinary(BinaryExpr binary)
    {
        var left = Bind(binary.Left);
        var right = Bind(binary.Right);
        if (left.Type.IsError || right.Type.IsError)
        {
            return ErrorNode(binary);
        }

        var text = Printer.Print(binary);
        var op = binary.Operator;
        var lt = left.Type;
        var rt = right.Type;

        if (op is BinaryOperator.And or BinaryOperator.Or)
        {
            foreach (var side in (ReadOnlySpan<BoundNode>)[left, right])
            {
                if (side.Type.Kind != ArchitectTypeKind.Boolean)
                {
                    Error(side.Offset, $"'{binary.Spelling}' needs Boolean operands, but {side.Text} is {side.Type.WithArticle}"
                        + (side.Type.Kind == ArchitectTypeKind.NotSet ? " (NOT_SET here always fails at runtime)" : ""));
                    return ErrorNode(binary);
                }
            }

            return new BoundLogical(op == BinaryOperator.And, binary.Spelling, left, right, binary.Offset, text);
        }

        if (op is BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            var common = TypeMatch.Unify(lt, rt);
            if (common is not null && (common.IsScalar || common.Kind == ArchitectTypeKind.NotSet))
            {
                return new BoundBinary(op == BinaryOperator.Equal ? BinaryKind.Equal : BinaryKind.NotEqual, op, binary.Spelling, left, right, ArchitectType.Boolean, binary.Offset, text);
            }

            Error(binary.Offset, $"'{binary.Spelling}' compares values of one type, but {left.Text} is {lt.WithArticle} and {right.Text} is {rt.WithArticle}" + Mismatch(left, right));
            return ErrorNode(binary);
        }

        if (lt.Kind == ArchitectTypeKind.NotSet || rt.Kind == ArchitectTypeKind.NotSet)
        {
            Error(binary.Offset, $"operator '{binary.Spelling}' cannot take NOT_SET: it always fails at runtime");
            return ErrorNode(binary);
        }

        BinaryKind? kind = op switch
        {
            BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual => (lt.Kind, rt.Kind) switch
            {
                (ArchitectTypeKind.Integer, ArchitectTypeKind.Integer) => BinaryKind.CompareInteger,
                _ when lt.IsNumeric && rt.IsNumeric => BinaryKind.CompareDecimal,
                (ArchitectTypeKind.String, ArchitectTypeKind.String) => BinaryKind.CompareString,
                (ArchitectTypeKind.DateTime, ArchitectTypeKind.DateTime) or (ArchitectTypeKind.Duration, ArchitectTypeKind.Duration) => BinaryKind.CompareTicks,
                _ => null,
            },
            BinaryOperator.Add => (lt.Kind, rt.Kind) switch
            {
                (ArchitectTypeKind.Integer, ArchitectTypeKind.Integer) => BinaryKind.AddInteger,
                _ when lt.IsNumeric && rt.IsNumeric => BinaryKind.AddDecimal,
                (ArchitectTypeKind.String, ArchitectTypeKind.String) => BinaryKind.Concatenate,
                (ArchitectTypeKind.DateTime, ArchitectTypeKind.Duration) => BinaryKind.AddDateTimeDuration,
                (ArchitectTypeKind.Duration, ArchitectTypeKind.DateTime) => BinaryKind.AddDurationDateTime,
                (ArchitectTypeKind.Duration, ArchitectTypeKind.Duration) => BinaryKind.AddDuration,
                _ => null,
            },
            BinaryOperator.Subtract => (lt.Kind, rt.Kind) switch
            {
                (ArchitectTypeKind.Integer, ArchitectTypeKind.Integer) => BinaryKind.SubtractInteger,
                _ when lt.IsNumeric && rt.IsNumeric => BinaryKind.SubtractDecimal,
                (ArchitectTypeKind.DateTime, ArchitectTypeKind.Duration) => BinaryKind.SubtractDateTimeDuration,
                (ArchitectTypeKind.DateTime, ArchitectTypeKind.DateTime) => BinaryKind.SubtractDateTimes,
                (ArchitectTypeKind.Duration, ArchitectTypeKind.Duration) => BinaryKind.SubtractDuration,
                _ => null,
            },
            BinaryOperator.Multiply => (lt.Kind, rt.Kind) switch
            {
                (ArchitectTypeKind.Integer, ArchitectTypeKind.Integer) => BinaryKind.MultiplyInteger,
                _ when lt.IsNumeric && rt.IsNumeric => BinaryKind.MultiplyDecimal,
                _ => null,
            },
            BinaryOperator.Divide => lt.IsNumeric && rt.IsNumeric ? BinaryKind.Divide : null,
            _ => (lt.Kind, rt.Kind) switch
            {
                (ArchitectTypeKind.Integer, ArchitectTypeKind.Integer) => BinaryKind.ModuloInteger,
                _ when lt.IsNumeric && rt.IsNumeric => BinaryKind.ModuloDecimal,
                _ => null,
            },
        };

        if (kind is not { } k)
        {
            var what = op switch
            {
                BinaryOperator.Add => "joins two Strings or adds numbers, Durations or a Duration to a DateTime",
                BinaryOperator.Subtract => "subtracts numbers, Durations, a Duration from a DateTime or two DateTimes",
                BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => "works on numbers",
                _ => "orders two numbers, Strings, DateTimes or Durations",
            };
            Error(binary.Offset, $"'{binary.Spelling}' {what}, but {left.Text} is {lt.WithArticle} and {right.Text} is {rt.WithArticle}" + Mismatch(left, right));
            return ErrorNode(binary);
        }

        var type = k switch
        {
            BinaryKind.AddInteger or BinaryKind.SubtractInteger or BinaryKind.MultiplyInteger or BinaryKind.ModuloInteger => ArchitectType.Integer,
            BinaryKind.AddDecimal or BinaryKind.SubtractDecimal or BinaryKind.MultiplyDecimal or BinaryKind.ModuloDecimal or BinaryKind.Divide => ArchitectType.Decimal,
            BinaryKind.Concatenate => ArchitectType.String,
            BinaryKind.AddDateTimeDuration or BinaryKind.AddDurationDateTime or BinaryKind.SubtractDateTimeDuration => ArchitectType.DateTime,
            BinaryKind.AddDuration or BinaryKind.SubtractDuration or BinaryKind.SubtractDateTimes => ArchitectType.Duration,
            _ => ArchitectType.Boolean,
        };
        return new BoundBinary(k, op, binary.Spelling, left, right, type, binary.Offset, text);
    }

    /// <summary>Suggests the conversion for the usual String-vs-number mix (participant data is always text).</summary>
    private static string Mismatch(BoundNode left, BoundNode right)
    {
        var (text, number) = left.Type.Kind == ArchitectTypeKind.String && right.Type.IsNumeric ? (left, right)
            : right.Type.Kind == ArchitectTypeKind.String && left.Type.IsNumeric ? (right, left)
            : (null, null);
        if (text is null || number is null)
        {
            return "";
        }

        var convert = number.Type.Kind == ArchitectTypeKind.Integer ? "ToInt" : "ToDecimal";
        return $": convert with {convert}({text.Text}) or ToString({number.Text})";
    }
}
