using ParticipantData.Architect.Functions;
using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect.Evaluation;

/// <summary>
/// The type checker: resolves variables and overloads, checks operand types and builds the bound tree.
/// Reports every independent type error it finds; a failed sub-expression gets the internal Error type so it
/// does not cause follow-on messages.
/// </summary>
internal sealed partial class Binder
{
    private readonly string _source;
    private readonly IVariableTypes _variables;
    private readonly List<ArchitectDiagnostic> _diagnostics;

    private Binder(string source, IVariableTypes variables, List<ArchitectDiagnostic> diagnostics)
    {
        _source = source;
        _variables = variables;
        _diagnostics = diagnostics;
    }

    public static BoundNode Bind(string source, Expr expr, IVariableTypes variables, List<ArchitectDiagnostic> diagnostics) =>
        new Binder(source, variables, diagnostics).Bind(expr);

    /// <summary>
    /// The implicit cast Architect inserts when an expression's type differs from the target variable's type
    /// (DOC [CAST]: <c>3+4</c> into a String becomes <c>ToString(3+4)</c>). Null when no cast is needed or none exists.
    /// </summary>
    public static string? ImplicitCastFunction(ArchitectType source, ArchitectType target)
    {
        if (ReferenceEquals(source, target) || source.IsError || source.Kind == ArchitectTypeKind.NotSet)
        {
            return null;
        }

        return target.Kind switch
        {
            ArchitectTypeKind.String => "ToString",
            ArchitectTypeKind.Integer when source.Kind is ArchitectTypeKind.String or ArchitectTypeKind.Decimal => "ToInt",
            ArchitectTypeKind.DateTime when source.Kind == ArchitectTypeKind.String => "ToDateTime",
            ArchitectTypeKind.PhoneNumber when source.Kind == ArchitectTypeKind.String => "ToPhoneNumber",
            _ => null,
        };
    }

    private void Error(int offset, string message) => _diagnostics.Add(new ArchitectDiagnostic(_source, offset, message));

    private BoundNode ErrorNode(Expr expr) =>
        new BoundLiteral(ArchitectValue.NotSetLiteral.WithType(ArchitectType.Error), expr.Offset, _source, Printer.Print(expr));

    private BoundNode Bind(Expr expr) => expr switch
    {
        LiteralExpr literal => BindLiteral(literal),
        VariableExpr variable => BindVariableChain(variable, []) ?? ErrorNode(expr),
        MemberExpr member => BindMember(member),
        IndexExpr index => BindIndex(index),
        CallExpr call => BindCall(call),
        UnaryExpr unary => BindUnary(unary),
        BinaryExpr binary => BindBinary(binary),
        _ => throw new InvalidOperationException("unknown node " + expr.GetType().Name),
    };

    private BoundLiteral BindLiteral(LiteralExpr literal)
    {
        var value = literal.Kind switch
        {
            LiteralKind.String => ArchitectValue.String((string)literal.Value!),
            LiteralKind.Integer => ArchitectValue.IntegerUnchecked((long)literal.Value!),
            LiteralKind.Decimal => ArchitectValue.Decimal((decimal)literal.Value!),
            LiteralKind.Boolean => ArchitectValue.Boolean((bool)literal.Value!),
            _ => ArchitectValue.NotSetLiteral,
        };
        return new BoundLiteral(value, literal.Offset, _source, Printer.LiteralText(literal));
    }

    /// <summary>
    /// Resolves <c>Scope.a.b.c</c>: the longest declared prefix is the variable, the rest are property accesses.
    /// So a context may declare <c>Email.Message.from.name</c> directly, or <c>Email.Message</c> with a typed value.
    /// </summary>
    private BoundNode? BindVariableChain(VariableExpr root, List<MemberExpr> members)
    {
        var name = root.FullName;
        var candidates = new List<string> { name };
        foreach (var member in members)
        {
            name += "." + member.Name;
            candidates.Add(name);
        }

        for (var k = candidates.Count - 1; k >= 0; k--)
        {
            if (!_variables.TryGetType(candidates[k], out var type))
            {
                continue;
            }

            var text = k == 0 ? Printer.Print(root) : Printer.Print(members[k - 1]);
            BoundNode node = new BoundVariable(candidates[k], type, root.Offset, _source, text);
            for (var m = k; m < members.Count; m++)
            {
                node = BindProperty(node, members[m]);
                if (node.Type.IsError)
                {
                    return node;
                }
            }

            return node;
        }

        var shown = members.Count == 0 ? root.FullName : $"{root.FullName} (or {candidates[^1]})";
        Error(root.Offset, $"unknown variable {shown}: it is not declared here");
        return null;
    }

    private BoundNode BindMember(MemberExpr member)
    {
        // Collect a chain of plain names back to a variable, so the longest declared prefix can win.
        var chain = new List<MemberExpr>();
        Expr current = member;
        while (current is MemberExpr m)
        {
            chain.Insert(0, m);
            current = m.Target;
        }

        if (current is VariableExpr root)
        {
            return BindVariableChain(root, chain) ?? ErrorNode(member);
        }

        var target = Bind(member.Target);
        return target.Type.IsError ? target : BindProperty(target, member);
    }

    private BoundNode BindProperty(BoundNode target, MemberExpr member)
    {
        var text = Printer.Print(member);
        if (target.Type.Kind == ArchitectTypeKind.PhoneNumber && string.Equals(member.Name, "e164", StringComparison.OrdinalIgnoreCase))
        {
            return new BoundPhoneE164(target, member.Offset, text);
        }

        Error(member.Offset, target.Type.Kind switch
        {
            ArchitectTypeKind.PhoneNumber => $"a PhoneNumber has no property '{member.Name}' here (known: e164)",
            ArchitectTypeKind.Json => $"JSON has no properties in expressions: use GetJsonObjectProperty({target.Text}, \"{member.Name}\")",
            ArchitectTypeKind.NotSet => $"NOT_SET has no property '{member.Name}'",
            _ => $"{target.Text} is {target.Type.WithArticle} and has no property '{member.Name}'",
        });
        return ErrorNode(member);
    }

    private BoundNode BindIndex(IndexExpr index)
    {
        var target = Bind(index.Target);
        var i = Bind(index.Index);
        if (target.Type.IsError || i.Type.IsError)
        {
            return ErrorNode(index);
        }

        if (!target.Type.IsCollection)
        {
            Error(index.Offset, $"'[ ]' needs a collection, but {target.Text} is {target.Type.WithArticle}");
            return ErrorNode(index);
        }

        if (!TypeMatch.Fits(i.Type, ArchitectType.Integer) || i.Type.Kind == ArchitectTypeKind.NotSet)
        {
            Error(index.Index.Offset, $"an index must be an Integer, but {i.Text} is {i.Type.WithArticle}"
                + (i.Type.Kind == ArchitectTypeKind.String ? $": convert it with ToInt({i.Text})" : ""));
            return ErrorNode(index);
        }

        return new BoundIndex(target, i, index.Offset, Printer.Print(index));
    }

    private BoundNode BindCall(CallExpr call)
    {
        var text = Printer.Print(call);
        if (!FunctionRegistry.TryGet(call.Name, out var function))
        {
            var suggestion = FunctionRegistry.All
                .Select(f => (f.Name, Distance: Similarity.EditDistance(f.Name.ToUpperInvariant(), call.Name.ToUpperInvariant())))
                .Where(x => x.Distance <= 2)
                .OrderBy(x => x.Distance)
                .Select(x => x.Name)
                .FirstOrDefault();
            Error(call.Offset, $"unknown function '{call.Name}'" + (suggestion is null ? "" : $": did you mean {suggestion}?"));
            foreach (var argument in call.Arguments)
            {
                Bind(argument);
            }

            return ErrorNode(call);
        }

        if (function.Status == FunctionStatus.Unsupported)
        {
            Error(call.Offset, $"{function.Name} cannot be evaluated offline: it {function.Summary[(function.Name.Length + 2)..]}");
            return ErrorNode(call);
        }

        if (call.Arguments.Count < function.MinArgs || call.Arguments.Count > function.MaxArgs)
        {
            var expected = function.MinArgs == function.MaxArgs
                ? $"{function.MinArgs}"
                : function.MaxArgs == int.MaxValue ? $"at least {function.MinArgs}" : $"{function.MinArgs} to {function.MaxArgs}";
            Error(call.Offset, $"{function.Name} takes {expected} argument{(expected == "1" ? "" : "s")}, got {call.Arguments.Count}: {function.Summary}");
            foreach (var argument in call.Arguments)
            {
                Bind(argument);
            }

            return ErrorNode(call);
        }

        var args = call.Arguments.Select(Bind).ToArray();
        if (args.Any(a => a.Type.IsError))
        {
            return ErrorNode(call);
        }

        if (string.Equals(function.Name, "If", StringComparison.Ordinal))
        {
            return BindIf(call, args, text);
        }

        var types = args.Select(a => a.Type).ToArray();
        foreach (var overload in function.Overloads)
        {
            if (overload.Match(types) is { } result)
            {
                return new BoundCall(function, overload, args, result, call.Offset, _source, text);
            }
        }

        var hint = types.Any(t => t.Kind == ArchitectTypeKind.NotSet) && function.Overloads.Count > 0
            ? ""
            : ConversionHint(function, args);
        Error(call.Offset, $"{function.Name} does not take ({TypeMatch.List(types)}); it takes "
            + string.Join(" or ", function.Overloads.Select(o => o.Signature)) + hint);
        return ErrorNode(call);
    }

    private static string ConversionHint(FunctionDefinition function, BoundNode[] args)
    {
        // The most common case with participant data: a String where a number is expected.
        var stringArg = args.FirstOrDefault(a => a.Type.Kind == ArchitectTypeKind.String);
        var wantsInteger = function.Overloads.Any(o => o.Signature.Contains("Integer", StringComparison.Ordinal));
        return stringArg is not null && wantsInteger ? $"; participant data is text: convert with ToInt({stringArg.Text})" : "";
    }

    private BoundNode BindIf(CallExpr call, BoundNode[] args, string text)
    {
        if (!TypeMatch.Fits(args[0].Type, ArchitectType.Boolean) || args[0].Type.Kind == ArchitectTypeKind.NotSet)
        {
            Error(call.Arguments[0].Offset, $"the condition of If must be a Boolean, but {args[0].Text} is {args[0].Type.WithArticle}");
            return ErrorNode(call);
        }

        var type = TypeMatch.Unify(args[1].Type, args[2].Type);
        if (type is null)
        {
            Error(call.Arguments[2].Offset, $"both branches of If must have the same type: {args[1].Text} is {args[1].Type.WithArticle}, {args[2].Text} is {args[2].Type.WithArticle}");
            return ErrorNode(call);
        }

        return new BoundIf(args[0], Coerce(args[1], type), Coerce(args[2], type), type, call.Offset, text);
    }

    private static BoundNode Coerce(BoundNode node, ArchitectType type) =>
        ReferenceEquals(node.Type, type) ? node : new BoundCoerce(node, type);

    private BoundNode BindUnary(UnaryExpr unary)
    {
        var operand = Bind(unary.Operand);
        if (operand.Type.IsError)
        {
            return ErrorNode(unary);
        }

        var text = Printer.Print(unary);
        if (unary.Operator == UnaryOperator.Not)
        {
            if (operand.Type.Kind == ArchitectTypeKind.Boolean)
            {
                return new BoundNot(operand, unary.Offset, text);
            }

            Error(unary.Offset, $"'!' needs a Boolean, but {operand.Text} is {operand.Type.WithArticle}");
            return ErrorNode(unary);
        }

        if (operand.Type.Kind is ArchitectTypeKind.Integer or ArchitectTypeKind.Decimal or ArchitectTypeKind.Duration)
        {
            return new BoundNegate(operand, unary.Offset, text);
        }

        Error(unary.Offset, $"'-' needs an Integer, Decimal or Duration, but {operand.Text} is {operand.Type.WithArticle}");
        return ErrorNode(unary);
    }
}
