namespace ParticipantData.Architect.Flows;

/// <summary>
/// A value an action reads, as Archy writes it: <c>{lit: …}</c> (a constant, converted to the target type at load),
/// <c>{exp: …}</c> (an expression, compiled once at load against the flow's variables) or <c>{noValue: true}</c>.
/// </summary>
internal sealed class FlowValue
{
    private readonly CompiledExpression? _compiled;
    private readonly ArchitectValue _constant;

    private FlowValue(string text, CompiledExpression? compiled, ArchitectValue constant, bool isNoValue)
    {
        Text = text;
        _compiled = compiled;
        _constant = constant;
        IsNoValue = isNoValue;
    }

    /// <summary>As written in the flow (the expression text, or the literal).</summary>
    public string Text { get; }

    public bool IsNoValue { get; }

    public static FlowValue Expression(CompiledExpression compiled) => new(compiled.Expression.Text, compiled, default, false);

    public static FlowValue Literal(string text, ArchitectValue value) => new(text, null, value, false);

    public static FlowValue NoValue(ArchitectType type) => new("(no value)", null, ArchitectValue.NotSet(type), true);

    public ArchitectValue Evaluate(EvaluationContext context, bool interpret = false) =>
        _compiled is null ? _constant
        : interpret ? _compiled.Interpret(context)
        : _compiled.Evaluate(context);
}
