using System.Diagnostics.CodeAnalysis;
using ParticipantData.Architect.Evaluation;
using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect;

/// <summary>
/// A parsed Architect expression. Parse once, <see cref="Compile"/> against the variable declarations once, then
/// evaluate the <see cref="CompiledExpression"/> as often as needed.
/// </summary>
public sealed class ArchitectExpression
{
    private ArchitectExpression(string text, Expr root)
    {
        Text = text;
        Root = root;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    internal Expr Root { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ArchitectException"/> (kind Syntax) with the position and what was expected.</summary>
    public static ArchitectExpression Parse(string text) =>
        TryParse(text, out var expression, out var diagnostics)
            ? expression
            : throw new ArchitectException(ArchitectErrorKind.Syntax, diagnostics);

    /// <summary>Parses <paramref name="text"/> without throwing on a syntax error.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="expression">The parsed expression, or null.</param>
    /// <param name="diagnostics">The syntax error (with position and what was expected), or empty.</param>
    /// <returns>True when the text is a well-formed expression.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out ArchitectExpression? expression, out IReadOnlyList<ArchitectDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<ArchitectDiagnostic>();
        var root = Parser.Parse(text, found);
        diagnostics = found;
        expression = root is null ? null : new ArchitectExpression(text, root);
        return expression is not null;
    }

    /// <summary>
    /// The canonical text Architect stores for this expression: operator operands that are themselves operator
    /// expressions in parentheses, canonical function and scope spellings, e.g.
    /// <c>((Flow.a == "x") OR (Flow.a == "y")) OR (Flow.a == "z")</c>.
    /// </summary>
    public string ToCanonicalString() => Printer.Print(Root);

    /// <summary>The parse tree in prefix form, e.g. <c>OR(==(Flow.a,"x"),!(Flow.b))</c>.</summary>
    public string ToTreeString() => TreePrinter.Print(Root);

    /// <summary>
    /// Type-checks against the declared variables and builds the evaluator. With <paramref name="targetType"/>
    /// (the type of the variable or property the expression is assigned to), the implicit cast Architect inserts is
    /// applied, e.g. an Integer expression for a String target becomes <c>ToString(…)</c>.
    /// Throws <see cref="ArchitectException"/> (kind Type) listing every problem.
    /// </summary>
    public CompiledExpression Compile(IVariableTypes variables, ArchitectType? targetType = null) =>
        TryCompile(variables, targetType, out var compiled, out var diagnostics)
            ? compiled
            : throw new ArchitectException(ArchitectErrorKind.Type, diagnostics);

    /// <summary><see cref="Compile"/> without throwing on a type error.</summary>
    /// <param name="variables">The declared variables and their types.</param>
    /// <param name="targetType">The type of the variable or property the expression is assigned to, or null.</param>
    /// <param name="compiled">The compiled expression, or null.</param>
    /// <param name="diagnostics">Every type error, or empty.</param>
    /// <returns>True when the expression type-checks.</returns>
    public bool TryCompile(
        IVariableTypes variables,
        ArchitectType? targetType,
        [NotNullWhen(true)] out CompiledExpression? compiled,
        out IReadOnlyList<ArchitectDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var found = new List<ArchitectDiagnostic>();
        diagnostics = found;
        compiled = null;

        var root = Root;
        var bound = Binder.Bind(Text, root, variables, found);
        if (found.Count > 0)
        {
            return false;
        }

        string? cast = null;
        if (targetType is not null && !ReferenceEquals(bound.Type, targetType))
        {
            var widens = targetType.Kind == ArchitectTypeKind.Decimal && bound.Type.Kind == ArchitectTypeKind.Integer;
            var notSet = bound.Type.Kind == ArchitectTypeKind.NotSet && targetType.IsScalar;
            cast = Binder.ImplicitCastFunction(bound.Type, targetType);
            if (cast is not null)
            {
                root = new CallExpr(0, cast, [Root]);
                bound = Binder.Bind(Text, root, variables, found);
            }
            else if (widens || notSet)
            {
                bound = new BoundCoerce(bound, targetType);
            }
            else
            {
                found.Add(new ArchitectDiagnostic(Text, 0, $"{bound.Type.WithArticle} expression cannot be assigned to {targetType.WithArticle}: Architect has no implicit conversion between them"));
                return false;
            }

            if (found.Count > 0)
            {
                return false;
            }
        }

        compiled = new CompiledExpression(this, bound, Printer.Print(root), cast);
        return true;
    }

    /// <summary>
    /// One-off convenience: compiles against the context's own variables and evaluates. For repeated evaluation,
    /// <see cref="Compile"/> once and call <see cref="CompiledExpression.Evaluate"/>.
    /// </summary>
    public ArchitectValue Evaluate(EvaluationContext context, ArchitectType? targetType = null) =>
        Compile(context, targetType).Evaluate(context);

    /// <summary>The expression as written (<see cref="Text"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Text;
}

/// <summary>
/// A type-checked expression, ready to evaluate many times. Thread-safe: evaluation keeps no state of its own.
/// The first <see cref="Evaluate"/> compiles the expression to a delegate (System.Linq.Expressions); every later one
/// runs that delegate.
/// </summary>
public sealed class CompiledExpression
{
    private readonly BoundNode _root;
    private Func<EvaluationContext, ArchitectValue>? _evaluate;

    internal CompiledExpression(ArchitectExpression expression, BoundNode root, string canonicalText, string? implicitCast)
    {
        Expression = expression;
        _root = root;
        CanonicalText = canonicalText;
        ImplicitCast = implicitCast;
    }

    /// <summary>The parsed expression this was compiled from.</summary>
    public ArchitectExpression Expression { get; }

    /// <summary>The type of the value <see cref="Evaluate"/> returns (after any implicit cast to the target type).</summary>
    public ArchitectType ResultType => _root.Type;

    /// <summary>The canonical text, including an implicit cast when one was inserted: <c>ToString(3 + 4)</c>.</summary>
    public string CanonicalText { get; }

    /// <summary>The conversion function inserted for the target type (<c>ToString</c>, <c>ToInt</c>, …), or null.</summary>
    public string? ImplicitCast { get; }

    /// <summary>Evaluates; throws <see cref="ArchitectRuntimeException"/> where the platform would take the flow's error path.</summary>
    /// <param name="context">The variables and the clock; variables it does not hold evaluate to NOT_SET.</param>
    /// <returns>A value of <see cref="ResultType"/>, possibly NOT_SET.</returns>
    public ArchitectValue Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A race compiles twice and keeps either delegate: both evaluate alike.
        var evaluate = _evaluate ??= ExpressionCompiler.Compile(_root);
        return evaluate(context);
    }

    /// <summary>Evaluates with the tree-walking interpreter, the reference the compiled delegate is tested against.</summary>
    internal ArchitectValue Interpret(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _root.Evaluate(context);
    }
}
