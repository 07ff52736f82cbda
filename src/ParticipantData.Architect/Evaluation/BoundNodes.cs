using System.Runtime.CompilerServices;
using ParticipantData.Architect.Functions;
using ParticipantData.Architect.Types;

namespace ParticipantData.Architect.Evaluation;

/// <summary>
/// A type-checked node, ready to evaluate. Operator and overload choices are made once, at compile time, so
/// evaluating is a walk over these nodes with no lookups beyond variable values.
/// </summary>
internal abstract class BoundNode(ArchitectType type, int offset, string source, string text)
{
    public ArchitectType Type { get; } = type;

    /// <summary>0-based position runtime errors about this node point at.</summary>
    public int Offset { get; } = offset;

    /// <summary>The whole expression text, for diagnostics.</summary>
    public string Source { get; } = source;

    /// <summary>The canonical text of this node, for messages ("Flow.x is NOT_SET").</summary>
    public string Text { get; } = text;

    public abstract ArchitectValue Evaluate(EvaluationContext context);

    public ArchitectRuntimeException Fail(string message) => new(new ArchitectDiagnostic(Source, Offset, message));

    /// <summary>The guard to suggest for a NOT_SET value of this node's type.</summary>
    public string GuardHint()
    {
        var fallback = Type.Kind switch
        {
            ArchitectTypeKind.String => "\"\"",
            ArchitectTypeKind.Integer => "0",
            ArchitectTypeKind.Decimal => "0.0",
            ArchitectTypeKind.Boolean => "false",
            _ => "…",
        };
        return $"guard it, e.g. If(IsSet({Text}), {Text}, {fallback})";
    }
}

internal sealed class BoundLiteral(ArchitectValue value, int offset, string source, string text)
    : BoundNode(value.Type, offset, source, text)
{
    public ArchitectValue Value { get; } = value;

    public override ArchitectValue Evaluate(EvaluationContext context) => Value;
}

internal sealed class BoundVariable(string name, ArchitectType type, int offset, string source, string text)
    : BoundNode(type, offset, source, text)
{
    public string Name { get; } = name;

    public override ArchitectValue Evaluate(EvaluationContext context) =>
        context.TryGetValue(Name, out var value) ? Accept(value) : Absent();

    /// <summary>Declared at compile time, absent now: an unassigned variable is NOT_SET (a collection is empty).</summary>
    public ArchitectValue Absent() => ArchitectValue.NotSet(Type);

    /// <summary>The value the context holds, as the expression was compiled to see it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ArchitectValue Accept(ArchitectValue value) => ReferenceEquals(value.Type, Type) ? value : Convert(value);

    private ArchitectValue Convert(ArchitectValue value)
    {
        if (Type.Kind == ArchitectTypeKind.Decimal && value.Type.Kind == ArchitectTypeKind.Integer)
        {
            return value.IsSet ? ArchitectValue.Decimal(value.Bits) : ArchitectValue.NotSet(Type);
        }

        throw Fail($"variable {Name} holds {value.Type.WithArticle}, but the expression was compiled for {Type.WithArticle}");
    }
}

/// <summary>Gives a value the type the binder settled on: NOT_SET literals take their context's type, Integers widen to Decimal.</summary>
internal sealed class BoundCoerce(BoundNode inner, ArchitectType type)
    : BoundNode(type, inner.Offset, inner.Source, inner.Text)
{
    public BoundNode Inner => inner;

    public override ArchitectValue Evaluate(EvaluationContext context) => Apply(inner.Evaluate(context));

    public ArchitectValue Apply(ArchitectValue value)
    {
        if (!value.IsSet)
        {
            return ArchitectValue.NotSet(Type);
        }

        return Type.Kind == ArchitectTypeKind.Decimal && value.Type.Kind == ArchitectTypeKind.Integer
            ? ArchitectValue.Decimal(value.Bits)
            : value;
    }
}

internal sealed class BoundPhoneE164(BoundNode target, int offset, string text)
    : BoundNode(ArchitectType.String, offset, target.Source, text)
{
    public BoundNode Target => target;

    public override ArchitectValue Evaluate(EvaluationContext context) => Apply(target.Evaluate(context));

    public ArchitectValue Apply(ArchitectValue phone)
    {
        if (!phone.IsSet)
        {
            throw target.Fail($"{target.Text} is NOT_SET, so it has no property e164; {target.GuardHint()}");
        }

        return phone.Phone.E164 is { } e164 ? ArchitectValue.String(e164) : ArchitectValue.NotSet(ArchitectType.String);
    }
}

internal sealed class BoundIndex(BoundNode target, BoundNode index, int offset, string text)
    : BoundNode(target.Type.ElementType!, offset, target.Source, text)
{
    public BoundNode Target => target;

    public BoundNode Index => index;

    public override ArchitectValue Evaluate(EvaluationContext context)
    {
        var collection = target.Evaluate(context);
        return Apply(collection, index.Evaluate(context));
    }

    public ArchitectValue Apply(ArchitectValue collection, ArchitectValue i)
    {
        if (!i.IsSet)
        {
            throw index.Fail($"the index {index.Text} is NOT_SET; {index.GuardHint()}");
        }

        return CollectionFunctions.ElementAt(collection, i.Bits, this, 0);
    }
}

internal sealed class BoundNot(BoundNode operand, int offset, string text)
    : BoundNode(ArchitectType.Boolean, offset, operand.Source, text)
{
    public BoundNode Operand => operand;

    public override ArchitectValue Evaluate(EvaluationContext context) => Apply(operand.Evaluate(context));

    public ArchitectValue Apply(ArchitectValue value) =>
        value.IsSet
            ? ArchitectValue.Boolean(value.Bits == 0)
            : throw operand.Fail($"'!' cannot take NOT_SET: {operand.Text} is NOT_SET; {operand.GuardHint()}");
}

internal sealed class BoundNegate(BoundNode operand, int offset, string text)
    : BoundNode(operand.Type, offset, operand.Source, text)
{
    public BoundNode Operand => operand;

    public override ArchitectValue Evaluate(EvaluationContext context) => Apply(operand.Evaluate(context));

    public ArchitectValue Apply(ArchitectValue value)
    {
        if (!value.IsSet)
        {
            throw operand.Fail($"'-' cannot take NOT_SET: {operand.Text} is NOT_SET; {operand.GuardHint()}");
        }

        return value.Type.Kind switch
        {
            ArchitectTypeKind.Integer => ArchitectValue.IntegerUnchecked(-value.Bits),
            ArchitectTypeKind.Decimal => ArchitectValue.Decimal(-value.AsDecimal()),
            _ => ArchitectValue.DurationMilliseconds(-value.Bits),
        };
    }
}

/// <summary><c>and</c> / <c>or</c>, short-circuiting: the right operand is evaluated only when it decides the result.</summary>
internal sealed class BoundLogical(bool isAnd, string spelling, BoundNode left, BoundNode right, int offset, string text)
    : BoundNode(ArchitectType.Boolean, offset, left.Source, text)
{
    public bool IsAnd => isAnd;

    public BoundNode Left => left;

    public BoundNode Right => right;

    public override ArchitectValue Evaluate(EvaluationContext context)
    {
        var l = left.Evaluate(context);
        return Decides(l) ? l : CheckRight(right.Evaluate(context));
    }

    /// <summary>True when the left operand decides the result (false for <c>and</c>, true for <c>or</c>).</summary>
    public bool Decides(ArchitectValue l) => (CheckLeft(l).Bits != 0) != isAnd;

    public ArchitectValue CheckLeft(ArchitectValue l) =>
        l.IsSet ? l : throw left.Fail($"'{spelling}' cannot take NOT_SET: {left.Text} is NOT_SET; {left.GuardHint()}");

    public ArchitectValue CheckRight(ArchitectValue r) =>
        r.IsSet ? r : throw right.Fail($"'{spelling}' cannot take NOT_SET: {right.Text} is NOT_SET; {right.GuardHint()}");
}

internal sealed class BoundIf(BoundNode condition, BoundNode whenTrue, BoundNode whenFalse, ArchitectType type, int offset, string text)
    : BoundNode(type, offset, condition.Source, text)
{
    public BoundNode Condition => condition;

    public BoundNode WhenTrue => whenTrue;

    public BoundNode WhenFalse => whenFalse;

    public override ArchitectValue Evaluate(EvaluationContext context) =>
        Test(condition.Evaluate(context)) ? whenTrue.Evaluate(context) : whenFalse.Evaluate(context);

    public bool Test(ArchitectValue c) =>
        c.IsSet ? c.Bits != 0 : throw condition.Fail($"If: the condition {condition.Text} is NOT_SET; {condition.GuardHint()}");
}

internal enum BinaryKind
{
    AddInteger,
    AddDecimal,
    Concatenate,
    AddDateTimeDuration,
    AddDurationDateTime,
    AddDuration,
    SubtractInteger,
    SubtractDecimal,
    SubtractDateTimeDuration,
    SubtractDateTimes,
    SubtractDuration,
    MultiplyInteger,
    MultiplyDecimal,
    Divide,
    ModuloInteger,
    ModuloDecimal,
    CompareInteger,
    CompareDecimal,
    CompareString,
    CompareTicks,
    Equal,
    NotEqual,
}

internal sealed class BoundBinary(BinaryKind kind, Syntax.BinaryOperator op, string spelling, BoundNode left, BoundNode right, ArchitectType type, int offset, string text)
    : BoundNode(type, offset, left.Source, text)
{
    public BinaryKind Kind => kind;

    public Syntax.BinaryOperator Operator => op;

    public BoundNode Left => left;

    public BoundNode Right => right;

    public override ArchitectValue Evaluate(EvaluationContext context)
    {
        var l = left.Evaluate(context);
        return Apply(l, right.Evaluate(context));
    }

    public ArchitectValue Apply(ArchitectValue l, ArchitectValue r)
    {
        if (kind == BinaryKind.Equal)
        {
            return ArchitectValue.Boolean(ValueRules.ValuesEqual(l, r));
        }

        if (kind == BinaryKind.NotEqual)
        {
            return ArchitectValue.Boolean(!ValueRules.ValuesEqual(l, r));
        }

        RequireSet(l, r);
        try
        {
            return kind switch
            {
                BinaryKind.AddInteger => Integer(l.Bits + r.Bits),
                BinaryKind.SubtractInteger => Integer(l.Bits - r.Bits),
                BinaryKind.MultiplyInteger => Integer(checked(l.Bits * r.Bits)),
                BinaryKind.ModuloInteger => r.Bits == 0 ? throw Fail("division by zero in '%'") : ArchitectValue.IntegerUnchecked(l.Bits % r.Bits),
                BinaryKind.AddDecimal => ArchitectValue.Decimal(l.AsDecimal() + r.AsDecimal()),
                BinaryKind.SubtractDecimal => ArchitectValue.Decimal(l.AsDecimal() - r.AsDecimal()),
                BinaryKind.MultiplyDecimal => ArchitectValue.Decimal(l.AsDecimal() * r.AsDecimal()),
                BinaryKind.Divide => r.AsDecimal() == 0m ? throw Fail("division by zero in '/'") : ArchitectValue.Decimal(l.AsDecimal() / r.AsDecimal()),
                BinaryKind.ModuloDecimal => r.AsDecimal() == 0m ? throw Fail("division by zero in '%'") : ArchitectValue.Decimal(l.AsDecimal() % r.AsDecimal()),
                BinaryKind.Concatenate => ArchitectValue.String(string.Concat((string)l.Reference!, (string)r.Reference!)),
                BinaryKind.AddDateTimeDuration => DateTime(checked(l.Bits + (r.Bits * TimeSpan.TicksPerMillisecond))),
                BinaryKind.AddDurationDateTime => DateTime(checked(r.Bits + (l.Bits * TimeSpan.TicksPerMillisecond))),
                BinaryKind.SubtractDateTimeDuration => DateTime(checked(l.Bits - (r.Bits * TimeSpan.TicksPerMillisecond))),
                BinaryKind.AddDuration => Duration(l.Bits + r.Bits),
                BinaryKind.SubtractDuration => Duration(l.Bits - r.Bits),
                BinaryKind.SubtractDateTimes => Duration((l.Bits - r.Bits) / TimeSpan.TicksPerMillisecond),
                BinaryKind.CompareInteger => Compare(l.Bits.CompareTo(r.Bits)),
                BinaryKind.CompareTicks => Compare(l.Bits.CompareTo(r.Bits)),
                BinaryKind.CompareDecimal => Compare(l.AsDecimal().CompareTo(r.AsDecimal())),
                _ => Compare(string.CompareOrdinal((string)l.Reference!, (string)r.Reference!)),
            };
        }
        catch (OverflowException)
        {
            throw Fail(Type.Kind == ArchitectTypeKind.Integer
                ? $"the result of '{spelling}' is outside Architect's Integer range (±999999999999999)"
                : $"the result of '{spelling}' is outside the range of {Type.Name} this evaluator supports");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ArchitectValue Compare(int sign) => ArchitectValue.Boolean(op switch
    {
        Syntax.BinaryOperator.Less => sign < 0,
        Syntax.BinaryOperator.LessOrEqual => sign <= 0,
        Syntax.BinaryOperator.Greater => sign > 0,
        _ => sign >= 0,
    });

    private ArchitectValue Integer(long value) =>
        ValueRules.InIntegerRange(value) ? ArchitectValue.IntegerUnchecked(value) : throw Fail($"the result of '{spelling}' is outside Architect's Integer range (±999999999999999)");

    private ArchitectValue DateTime(long ticks) =>
        ticks >= ValueRules.MinDateTime.Ticks && ticks <= System.DateTime.MaxValue.Ticks
            ? ArchitectValue.DateTimeTicks(ticks)
            : throw Fail($"the result of '{spelling}' is outside the DateTime range (1800-01-01 to 9999-12-31)");

    private ArchitectValue Duration(long milliseconds) =>
        ValueRules.InDurationRange(milliseconds) ? ArchitectValue.DurationMilliseconds(milliseconds) : throw Fail($"the result of '{spelling}' is outside Architect's Duration range");

    /// <summary>Every operator but <c>==</c> and <c>!=</c> fails on NOT_SET, the left operand first.</summary>
    public void RequireSet(ArchitectValue l, ArchitectValue r)
    {
        if (!l.IsSet)
        {
            throw NotSet(left);
        }

        if (!r.IsSet)
        {
            throw NotSet(right);
        }
    }

    /// <summary><see cref="RequireSet"/> when the right operand is a (set) literal.</summary>
    public ArchitectValue RequireLeftSet(ArchitectValue l) => l.IsSet ? l : throw NotSet(left);

    private ArchitectRuntimeException NotSet(BoundNode operand) =>
        operand.Fail($"operator '{spelling}' cannot take NOT_SET: {operand.Text} is NOT_SET (on the platform the flow's error handling takes over); {operand.GuardHint()}");
}

[InlineArray(8)]
internal struct ArgumentBuffer
{
    private ArchitectValue _element0;
}

internal sealed class BoundCall(FunctionDefinition function, Overload overload, BoundNode[] arguments, ArchitectType type, int offset, string source, string text)
    : BoundNode(type, offset, source, text)
{
    public string Name => function.Name;

    public Overload Overload => overload;

    public IReadOnlyList<BoundNode> Arguments => arguments;

    public override ArchitectValue Evaluate(EvaluationContext context)
    {
        var count = arguments.Length;
        if (count <= 8)
        {
            var buffer = default(ArgumentBuffer);
            Span<ArchitectValue> args = buffer;
            return Invoke(args[..count], context);
        }

        return Invoke(new ArchitectValue[count], context);
    }

    private ArchitectValue Invoke(Span<ArchitectValue> args, EvaluationContext context)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var value = arguments[i].Evaluate(context);
            if (!value.IsSet && !overload.AllowsNotSet(i))
            {
                throw NotSetArgument(i);
            }

            args[i] = value;
        }

        return overload.Body(args, this, context);
    }

    public ArchitectRuntimeException NotSetArgument(int i) =>
        Fail(i, $"{Name} does not accept NOT_SET: argument {i + 1} ({arguments[i].Text}) is NOT_SET (on the platform the flow's error handling takes over); {arguments[i].GuardHint()}");

    /// <summary>A runtime error pointing at argument <paramref name="argIndex"/> (0-based), or at the function name for -1.</summary>
    public ArchitectRuntimeException Fail(int argIndex, string message) =>
        argIndex >= 0 && argIndex < arguments.Length ? arguments[argIndex].Fail(message) : Fail(message);
}
