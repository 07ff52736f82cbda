using BenchmarkDotNet.Attributes;
using ParticipantData.Architect;

namespace ParticipantData.Benchmarks;

/// <summary>
/// A typical routing condition on participant data: compiled once and evaluated many times (what a routing check or
/// a flow simulator does), against parsing and type-checking it again for every evaluation.
/// </summary>
[MemoryDiagnoser]
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
    }

    [Benchmark(Baseline = true, Description = "compiled, evaluate (gold)")]
    public bool CompiledGold() => _compiled.Evaluate(_gold).AsBoolean();

    [Benchmark(Description = "compiled, evaluate (silver: all operands)")]
    public bool CompiledSilver() => _compiled.Evaluate(_silver).AsBoolean();

    [Benchmark(Description = "parse + type-check + evaluate each time (silver)")]
    public bool ParseEachTime() => ArchitectExpression.Parse(Condition).Compile(_silver).Evaluate(_silver).AsBoolean();
}
