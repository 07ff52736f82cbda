using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ParticipantData.Architect;

namespace ParticipantData.Benchmarks;

/// <summary>
/// A typical routing condition on participant data, type-checked once and evaluated many times (what a routing check
/// or a flow simulator does): the tree-walking interpreter (the reference, and the baseline of each group) beside the
/// compiled delegate that <see cref="CompiledExpression.Evaluate"/> runs; and, for scale, parsing and type-checking
/// again for every evaluation.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ArchitectEvaluationBenchmarks
{
    private const string Condition = "IsSet(Flow.tier) and Flow.tier == \"gold\" or ToInt(Flow.score) > 700";

    private EvaluationContext _gold = null!;
    private EvaluationContext _silver = null!;
    private CompiledExpression _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        _gold = new EvaluationContext().Set("Flow.tier", ArchitectValue.String("gold")).Set("Flow.score", ArchitectValue.String("650"));
        // "silver" makes the evaluation reach the right operand of "or", the longer path.
        _silver = new EvaluationContext().Set("Flow.tier", ArchitectValue.String("silver")).Set("Flow.score", ArchitectValue.String("720"));
        _compiled = ArchitectExpression.Parse(Condition).Compile(_gold);
        if (!_compiled.Evaluate(_gold).AsBoolean() || _compiled.Interpret(_gold) != _compiled.Evaluate(_gold)
            || !_compiled.Evaluate(_silver).AsBoolean() || _compiled.Interpret(_silver) != _compiled.Evaluate(_silver))
        {
            throw new InvalidOperationException("the condition should be true for gold and silver, alike in both evaluators");
        }
    }

    [Benchmark(Baseline = true, Description = "interpreter (gold)")]
    [BenchmarkCategory("gold: decided by the left of 'or'")]
    public bool InterpretedGold() => _compiled.Interpret(_gold).AsBoolean();

    [Benchmark(Description = "compiled delegate (gold)")]
    [BenchmarkCategory("gold: decided by the left of 'or'")]
    public bool CompiledGold() => _compiled.Evaluate(_gold).AsBoolean();

    [Benchmark(Baseline = true, Description = "interpreter (silver)")]
    [BenchmarkCategory("silver: every operand")]
    public bool InterpretedSilver() => _compiled.Interpret(_silver).AsBoolean();

    [Benchmark(Description = "compiled delegate (silver)")]
    [BenchmarkCategory("silver: every operand")]
    public bool CompiledSilver() => _compiled.Evaluate(_silver).AsBoolean();

    [Benchmark(Description = "parse + type-check + evaluate each time (silver)")]
    [BenchmarkCategory("silver: every operand")]
    public bool ParseEachTime() => ArchitectExpression.Parse(Condition).Compile(_silver).Interpret(_silver).AsBoolean();
}
