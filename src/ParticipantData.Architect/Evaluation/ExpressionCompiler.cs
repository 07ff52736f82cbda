using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using ParticipantData.Architect.Functions;

namespace ParticipantData.Architect.Evaluation;

/// <summary>
/// Compiles a bound tree to a delegate with System.Linq.Expressions, so that evaluating it is straight IL instead of a
/// walk over virtual calls. Semantics stay with the nodes, shared with the interpreter (<see cref="BoundNode.Evaluate"/>,
/// the reference): the compiled code evaluates the operands in the interpreter's order and hands them to the same
/// node's <c>Apply</c>, <c>Check…</c>, <c>Test</c> or function body, so NOT_SET, runtime errors and result types cannot
/// drift apart. What the compiler adds:
/// <list type="bullet">
/// <item>no virtual dispatch and no argument buffers;</item>
/// <item>each variable read once per evaluation, through a <see cref="VariableSite"/> instead of a name lookup;</item>
/// <item>Boolean nodes that cannot be NOT_SET (comparisons, <c>!</c>, <c>and</c>/<c>or</c>, <c>IsSet</c>) as plain
/// <see cref="bool"/> code, and String equality and Integer comparisons on the raw text and numbers.</item>
/// </list>
/// </summary>
internal static class ExpressionCompiler
{
    /// <summary>The evaluator for <paramref name="root"/>; the interpreter where the runtime cannot compile code (NativeAOT).</summary>
    public static Func<EvaluationContext, ArchitectValue> Compile(BoundNode root)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return root.Evaluate;
        }

        var context = Expression.Parameter(typeof(EvaluationContext), "context");
        var emitter = new Emitter(context);
        var body = emitter.Value(root);
        if (emitter.Locals.Count > 0)
        {
            body = Expression.Block(emitter.Locals, body);
        }

        return Expression.Lambda<Func<EvaluationContext, ArchitectValue>>(body, "ArchitectExpression", [context]).Compile();
    }

    private sealed class Emitter(ParameterExpression context)
    {
        private static readonly MethodInfo BooleanValue = typeof(ArchitectValue).GetMethod(nameof(ArchitectValue.Boolean))!;
        private static readonly PropertyInfo Bits = typeof(ArchitectValue).GetProperty(nameof(ArchitectValue.Bits), BindingFlags.NonPublic | BindingFlags.Instance)!;
        private static readonly PropertyInfo IsSetProperty = typeof(ArchitectValue).GetProperty(nameof(ArchitectValue.IsSet))!;
        private static readonly MethodInfo ReadVariable = typeof(VariableSite).GetMethod(nameof(VariableSite.Read))!;
        private static readonly Overload IsSetOverload = Single("IsSet");
        private static readonly Overload IsNotSetOverload = Single("IsNotSet");

        private readonly Dictionary<(string, ArchitectType), (ParameterExpression Value, ParameterExpression Read)> _reads =
            new(VariableKeyComparer.Instance);

        /// <summary>The locals the emitted code needs, declared by the caller around the whole body.</summary>
        public List<ParameterExpression> Locals { get; } = [];

        /// <summary>Code that computes the node's <see cref="ArchitectValue"/>.</summary>
        public Expression Value(BoundNode node) => node switch
        {
            _ when IsPlainBoolean(node) => Expression.Call(BooleanValue, Boolean(node)),
            BoundLiteral literal => Expression.Constant(literal.Value),
            BoundVariable variable => Read(variable),
            BoundCoerce coerce => Apply(coerce, nameof(BoundCoerce.Apply), coerce.Inner),
            BoundPhoneE164 phone => Apply(phone, nameof(BoundPhoneE164.Apply), phone.Target),
            BoundIndex index => Apply(index, nameof(BoundIndex.Apply), index.Target, index.Index),
            BoundNegate negate => Apply(negate, nameof(BoundNegate.Apply), negate.Operand),
            BoundBinary binary => Apply(binary, nameof(BoundBinary.Apply), binary.Left, binary.Right),
            BoundIf @if => Expression.Condition(Condition(@if), Value(@if.WhenTrue), Value(@if.WhenFalse)),
            BoundCall call => FunctionCall.Emit(call, call.Arguments.Select(Value).ToArray(), context),
            _ => throw new InvalidOperationException("no compiler for " + node.GetType().Name),
        };

        /// <summary>
        /// Boolean nodes that give a set Boolean or throw, never NOT_SET: their code computes a <see cref="bool"/>.
        /// (A Boolean variable or function result may be NOT_SET, so it stays a value.)
        /// </summary>
        private static bool IsPlainBoolean(BoundNode node) => node switch
        {
            BoundNot or BoundLogical => true,
            BoundBinary binary => binary.Type.Kind == ArchitectTypeKind.Boolean,
            BoundCall call => ReferenceEquals(call.Overload, IsSetOverload) || ReferenceEquals(call.Overload, IsNotSetOverload),
            _ => false,
        };

        /// <summary>Code that computes a plain Boolean node (<see cref="IsPlainBoolean"/>) as a <see cref="bool"/>.</summary>
        private Expression Boolean(BoundNode node) => node switch
        {
            BoundNot not => IsPlainBoolean(not.Operand)
                ? Expression.Not(Boolean(not.Operand))
                : IsTrue(Apply(not, nameof(BoundNot.Apply), Value(not.Operand))),
            BoundLogical logical => logical.IsAnd
                ? Expression.AndAlso(Operand(logical.Left, v => Apply(logical, nameof(BoundLogical.CheckLeft), v)), Operand(logical.Right, v => Apply(logical, nameof(BoundLogical.CheckRight), v)))
                : Expression.OrElse(Operand(logical.Left, v => Apply(logical, nameof(BoundLogical.CheckLeft), v)), Operand(logical.Right, v => Apply(logical, nameof(BoundLogical.CheckRight), v))),
            BoundCall call => ReferenceEquals(call.Overload, IsSetOverload)
                ? Expression.Property(Value(call.Arguments[0]), IsSetProperty)
                : Expression.Not(Expression.Property(Value(call.Arguments[0]), IsSetProperty)),
            BoundBinary { Kind: BinaryKind.Equal or BinaryKind.NotEqual } binary when IsString(binary.Left) && IsString(binary.Right) =>
                StringEquality(binary),
            BoundBinary { Kind: BinaryKind.CompareInteger } binary => IntegerComparison(binary),
            BoundBinary binary => IsTrue(Apply(binary, nameof(BoundBinary.Apply), Value(binary.Left), Value(binary.Right))),
            _ => throw new InvalidOperationException("not a plain Boolean: " + node.GetType().Name),
        };

        /// <summary>
        /// A Boolean operand as a <see cref="bool"/>: directly when it cannot be NOT_SET, otherwise through the
        /// parent's check (which raises the parent's NOT_SET error).
        /// </summary>
        private Expression Operand(BoundNode operand, Func<Expression, Expression> check) =>
            IsPlainBoolean(operand) ? Boolean(operand) : IsTrue(check(Value(operand)));

        private Expression Condition(BoundIf @if) =>
            IsPlainBoolean(@if.Condition) ? Boolean(@if.Condition) : Apply(@if, nameof(BoundIf.Test), Value(@if.Condition));

        private static BinaryExpression IsTrue(Expression value) =>
            Expression.NotEqual(Expression.Property(value, Bits), Expression.Constant(0L));

        /// <summary><c>node.method(operands…)</c>, the operands evaluated left to right as the interpreter does.</summary>
        private MethodCallExpression Apply(BoundNode node, string method, params BoundNode[] operands) =>
            Apply(node, method, operands.Select(Value).ToArray());

        private static MethodCallExpression Apply(BoundNode node, string method, params Expression[] operands) =>
            Expression.Call(Expression.Constant(node), node.GetType().GetMethod(method)!, operands);

        /// <summary>
        /// A variable read once per evaluation however often the expression names it: the context cannot change
        /// during an evaluation, so a second read would give the same value (a read that fails throws the first time).
        /// </summary>
        private ConditionalExpression Read(BoundVariable variable)
        {
            if (!_reads.TryGetValue((variable.Name, variable.Type), out var local))
            {
                local = (Expression.Variable(typeof(ArchitectValue), variable.Name), Expression.Variable(typeof(bool), variable.Name + " read"));
                _reads.Add((variable.Name, variable.Type), local);
                Locals.Add(local.Value);
                Locals.Add(local.Read);
            }

            var read = Expression.Call(Expression.Constant(new VariableSite(variable)), ReadVariable, context);
            return Expression.Condition(
                local.Read,
                local.Value,
                Expression.Block(Expression.Assign(local.Value, read), Expression.Assign(local.Read, Expression.Constant(true)), local.Value));
        }

        private static bool IsString(BoundNode node) => node.Type.Kind == ArchitectTypeKind.String;

        /// <summary>
        /// <c>==</c> and <c>!=</c> on two Strings, the commonest routing test, without the general equality's type
        /// dispatch; against a literal, a comparison with the constant text.
        /// </summary>
        private Expression StringEquality(BoundBinary binary)
        {
            var equal = binary.Right is BoundLiteral { Value.IsSet: true } literal
                ? Expression.Call(Helper(nameof(StringEqualsText)), Value(binary.Left), Expression.Constant(literal.Value.AsString()))
                : Expression.Call(Helper(nameof(StringsEqual)), Value(binary.Left), Value(binary.Right));
            return binary.Kind == BinaryKind.Equal ? equal : Expression.Not(equal);
        }

        /// <summary><c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> on two Integers as a comparison of the raw numbers.</summary>
        private BlockExpression IntegerComparison(BoundBinary binary)
        {
            var node = Expression.Constant(binary);
            var left = Expression.Variable(typeof(ArchitectValue), "left");
            var variables = new List<ParameterExpression> { left };
            var statements = new List<Expression> { Expression.Assign(left, Value(binary.Left)) };
            Expression leftBits, rightBits;
            if (binary.Right is BoundLiteral { Value.IsSet: true } literal)
            {
                // A literal cannot fail, so only the left operand needs checking.
                leftBits = Expression.Property(Expression.Call(node, typeof(BoundBinary).GetMethod(nameof(BoundBinary.RequireLeftSet))!, left), Bits);
                rightBits = Expression.Constant(literal.Value.Bits);
            }
            else
            {
                var right = Expression.Variable(typeof(ArchitectValue), "right");
                variables.Add(right);
                statements.Add(Expression.Assign(right, Value(binary.Right)));
                statements.Add(Expression.Call(node, typeof(BoundBinary).GetMethod(nameof(BoundBinary.RequireSet))!, left, right));
                leftBits = Expression.Property(left, Bits);
                rightBits = Expression.Property(right, Bits);
            }

            statements.Add(binary.Operator switch
            {
                Syntax.BinaryOperator.Less => Expression.LessThan(leftBits, rightBits),
                Syntax.BinaryOperator.LessOrEqual => Expression.LessThanOrEqual(leftBits, rightBits),
                Syntax.BinaryOperator.Greater => Expression.GreaterThan(leftBits, rightBits),
                _ => Expression.GreaterThanOrEqual(leftBits, rightBits),
            });
            return Expression.Block(variables, statements);
        }

        private static MethodInfo Helper(string name) =>
            typeof(Emitter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

        /// <summary>What <see cref="Types.ValueRules.ValuesEqual"/> gives for two Strings: NOT_SET equals only NOT_SET, text compares ordinally.</summary>
        private static bool StringsEqual(ArchitectValue left, ArchitectValue right) =>
            left.IsSet && right.IsSet
                ? string.Equals((string)left.Reference!, (string)right.Reference!, StringComparison.Ordinal)
                : left.IsSet == right.IsSet;

        private static bool StringEqualsText(ArchitectValue left, string text) =>
            left.IsSet && string.Equals((string)left.Reference!, text, StringComparison.Ordinal);

        private static Overload Single(string function) =>
            FunctionRegistry.TryGet(function, out var definition) && definition.Overloads.Count == 1
                ? definition.Overloads[0]
                : throw new InvalidOperationException($"{function} should have exactly one overload");
    }

    private sealed class VariableKeyComparer : IEqualityComparer<(string Name, ArchitectType Type)>
    {
        public static readonly VariableKeyComparer Instance = new();

        public bool Equals((string Name, ArchitectType Type) x, (string Name, ArchitectType Type) y) =>
            ReferenceEquals(x.Type, y.Type) && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Name, ArchitectType Type) key) => StringComparer.OrdinalIgnoreCase.GetHashCode(key.Name);
    }
}
