using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using ParticipantData.Architect.Functions;

namespace ParticipantData.Architect.Evaluation;

/// <summary>
/// The compiled form of <see cref="BoundCall"/>: each argument checked for NOT_SET as soon as it is evaluated (where the
/// overload does not allow it), then the overload's body called on the arguments in a stack buffer, as the
/// interpreter does.
/// </summary>
internal static class FunctionCall
{
    private static readonly MethodInfo RequireSetMethod = Helper(nameof(RequireSet));
    private static readonly MethodInfo[] InvokeByCount =
        [Helper(nameof(Invoke0)), Helper(nameof(Invoke1)), Helper(nameof(Invoke2)), Helper(nameof(Invoke3)), Helper(nameof(Invoke4))];

    private static readonly MethodInfo InvokeManyMethod = Helper(nameof(InvokeMany));

    /// <summary>The call, given the code that computes each argument's value.</summary>
    public static MethodCallExpression Emit(BoundCall call, Expression[] arguments, ParameterExpression context)
    {
        var args = new Expression[arguments.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = call.Overload.AllowsNotSet(i)
                ? arguments[i]
                : Expression.Call(RequireSetMethod, arguments[i], Expression.Constant(call), Expression.Constant(i));
        }

        Expression[] fixedArgs = [Expression.Constant(call.Overload.Body), Expression.Constant(call), context];
        return args.Length < InvokeByCount.Length
            ? Expression.Call(InvokeByCount[args.Length], [.. fixedArgs, .. args])
            : Expression.Call(InvokeManyMethod, [.. fixedArgs, Expression.NewArrayInit(typeof(ArchitectValue), args)]);
    }

    private static MethodInfo Helper(string name) =>
        typeof(FunctionCall).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static ArchitectValue RequireSet(ArchitectValue value, BoundCall call, int index) =>
        value.IsSet ? value : throw call.NotSetArgument(index);

    private static ArchitectValue Invoke0(FunctionBody body, BoundCall call, EvaluationContext context) =>
        body([], call, context);

    private static ArchitectValue Invoke1(FunctionBody body, BoundCall call, EvaluationContext context, ArchitectValue a0) =>
        body(new ReadOnlySpan<ArchitectValue>(in a0), call, context);

    private static ArchitectValue Invoke2(FunctionBody body, BoundCall call, EvaluationContext context, ArchitectValue a0, ArchitectValue a1)
    {
        var args = default(Arguments2);
        args[0] = a0;
        args[1] = a1;
        return body(args, call, context);
    }

    private static ArchitectValue Invoke3(FunctionBody body, BoundCall call, EvaluationContext context, ArchitectValue a0, ArchitectValue a1, ArchitectValue a2)
    {
        var args = default(Arguments3);
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        return body(args, call, context);
    }

    private static ArchitectValue Invoke4(FunctionBody body, BoundCall call, EvaluationContext context, ArchitectValue a0, ArchitectValue a1, ArchitectValue a2, ArchitectValue a3)
    {
        var args = default(Arguments4);
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        return body(args, call, context);
    }

    private static ArchitectValue InvokeMany(FunctionBody body, BoundCall call, EvaluationContext context, ArchitectValue[] args) =>
        body(args, call, context);

    [InlineArray(2)]
    private struct Arguments2
    {
        private ArchitectValue _element0;
    }

    [InlineArray(3)]
    private struct Arguments3
    {
        private ArchitectValue _element0;
    }

    [InlineArray(4)]
    private struct Arguments4
    {
        private ArchitectValue _element0;
    }
}
