using CsCheck;
using static ParticipantData.Architect.Tests.Eval;

namespace ParticipantData.Architect.Tests.Evaluation;

/// <summary>
/// The compiled delegate behind <see cref="CompiledExpression.Evaluate"/> against the interpreter, the reference:
/// generated well-typed expressions (and some ill-typed ones, which must fail to compile alike) over every operator,
/// the functions a routing condition uses and implicit casts; each evaluated in several contexts that hold values,
/// NOT_SET, nothing at all, a value of another type, in a random order and spelling (so the compiled code's cached
/// variable slots miss and hit). Both must give the same value of the same type, or the same runtime error.
/// </summary>
public sealed class CompiledEquivalenceTests
{
    private static readonly (string Name, ArchitectType Type)[] Declared =
    [
        ("Flow.s1", ArchitectType.String), ("Flow.s2", ArchitectType.String),
        ("Flow.n1", ArchitectType.Integer), ("Flow.n2", ArchitectType.Integer),
        ("Flow.d1", ArchitectType.Decimal), ("Flow.b1", ArchitectType.Boolean),
        ("Flow.t1", ArchitectType.DateTime), ("Flow.u1", ArchitectType.Duration),
        ("Flow.sl", ArchitectType.CollectionOf(ArchitectType.String)), ("Flow.nl", ArchitectType.CollectionOf(ArchitectType.Integer)),
    ];

    private static readonly Dictionary<ArchitectType, ArchitectValue[]> Pools = new()
    {
        [ArchitectType.String] = new[] { "", "gold", "silver", "GOLD", "720", "-5", " 12 ", "007", "999999999999999", "1000000000000000", "1.5", "abc", "tel:+13175550100" }
            .Select(ArchitectValue.String).ToArray(),
        [ArchitectType.Integer] = new[] { 0L, 1L, -1L, 3L, 700L, 123_456_789L, 999_999_999_999_999L, -999_999_999_999_999L }
            .Select(ArchitectValue.Integer).ToArray(),
        [ArchitectType.Decimal] = new[] { 0m, 0.5m, -2.25m, 1.0m, 100.00m, 79_228_162_514_264_337_593_543_950_335m }
            .Select(ArchitectValue.Decimal).ToArray(),
        [ArchitectType.Boolean] = [ArchitectValue.True, ArchitectValue.False],
        [ArchitectType.DateTime] = new[] { new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc), new DateTime(1800, 1, 1, 0, 0, 0, DateTimeKind.Utc), DateTime.MaxValue }
            .Select(ArchitectValue.DateTime).ToArray(),
        [ArchitectType.Duration] = new[] { TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(-1), TimeSpan.FromDays(9_000_000) }
            .Select(ArchitectValue.Duration).ToArray(),
        [ArchitectType.CollectionOf(ArchitectType.String)] = [ArchitectValue.StringCollection(), ArchitectValue.StringCollection("a", "gold")],
        [ArchitectType.CollectionOf(ArchitectType.Integer)] = [ArchitectValue.IntegerCollection(), ArchitectValue.IntegerCollection(1, 2, 3)],
    };

    private static readonly ArchitectType?[] Targets = [null, null, null, ArchitectType.String, ArchitectType.Decimal, ArchitectType.Integer];

    [Fact]
    public void Compiled_evaluation_matches_the_interpreter_on_generated_expressions_and_inputs()
    {
        var compiledCount = 0;
        var evaluated = 0;
        var failed = 0;
        var input = Gen.Select(Expressions.Any(4), Gen.Int[0, Targets.Length - 1], Context.Array[2, 4]);
        input.Sample(
            (text, target, contexts) =>
            {
                if (!ArchitectExpression.TryParse(text, out var expression, out _)
                    || !expression.TryCompile(Types(), Targets[target], out var compiled, out _))
                {
                    return;
                }

                Interlocked.Increment(ref compiledCount);
                foreach (var bindings in contexts)
                {
                    var context = new EvaluationContext(Clock());
                    foreach (var (name, value) in bindings)
                    {
                        context.Set(name, value);
                    }

                    // Twice in one context: the second evaluation reads through the slots the first one cached.
                    BothEvaluators.Compare(compiled, context);
                    var outcome = BothEvaluators.Compare(compiled, context);
                    Interlocked.Increment(ref evaluated);
                    if (outcome.Error is not null)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            },
            iter: 4000,
            print: t => $"{t.Item1} (target {Targets[t.Item2]?.Name ?? "none"}) in " + string.Join(" | ", t.Item3.Select(c => string.Join(", ", c.Select(b => $"{b.Name}={b.Value.ToDisplayString()}:{b.Value.Type.Name}")))));

        // The generator must mostly produce expressions that compile, and inputs that reach both outcomes.
        compiledCount.ShouldBeGreaterThan(2000);
        failed.ShouldBeGreaterThan(evaluated / 20);
        (evaluated - failed).ShouldBeGreaterThan(evaluated / 4);
    }

    private static VariableTypes Types()
    {
        var types = new VariableTypes();
        foreach (var (name, type) in Declared)
        {
            types.Declare(name, type);
        }

        return types;
    }

    /// <summary>A context: some declared variables, in a random order and spelling, each a value, NOT_SET or another type's value.</summary>
    private static Gen<(string Name, ArchitectValue Value)[]> Context { get; } =
        Gen.Shuffle(Enumerable.Range(0, Declared.Length).ToArray(), 0, Declared.Length).SelectMany(indexes =>
            Gen.Select(Gen.Int.Array[Declared.Length], values => indexes.Select(i =>
            {
                var (name, type) = Declared[i];
                var choice = (uint)values[i];
                var spelled = (choice & 3) == 0 ? name.ToUpperInvariant().Replace("FLOW.", "flow.", StringComparison.Ordinal) : name;
                var value = ((choice >> 2) % 10) switch
                {
                    0 => ArchitectValue.NotSet(type),
                    1 when type == ArchitectType.Decimal => Pools[ArchitectType.Integer][(int)((choice >> 8) % 8)],
                    1 when type == ArchitectType.Integer => Pools[ArchitectType.String][(int)((choice >> 8) % 13)],
                    _ => Pools[type][(int)((choice >> 8) % (uint)Pools[type].Length)],
                };
                return (spelled, value);
            }).ToArray()));

    /// <summary>Expression text by result type; sub-generators are built only when chosen, so depth stays cheap.</summary>
    private static class Expressions
    {
        private static readonly string[] StringLiterals = ["\"\"", "\"gold\"", "\"silver\"", "\"720\"", "\"a\\\"b\"", "\" 12 \"", "\"x\\ny\""];

        public static Gen<string> Any(int depth) =>
            Gen.Frequency((5, Boolean(depth)), (2, Integer(depth)), (2, Text(depth)), (1, Decimal(depth)), (1, Time(depth)), (1, Duration(depth)));

        private static Gen<string> Pick(params string[] choices) => Gen.OneOf(choices);

        private static Gen<string> Node(int depth, Gen<string> leaf, params Func<int, Gen<string>>[] nodes) =>
            depth <= 0
                ? leaf
                : Gen.Int[0, nodes.Length * 2].SelectMany(choice => choice >= nodes.Length ? leaf : nodes[choice](depth - 1));

        private static Gen<string> Op(Gen<string> left, string op, Gen<string> right) =>
            Gen.Select(left, right, (l, r) => $"({l} {op} {r})");

        private static Gen<string> Call(string name, params Gen<string>[] args) =>
            args.Length == 0 ? Gen.Const(name + "()")
            : args.Aggregate(Gen.Const(new List<string>()), (acc, g) => Gen.Select(acc, g, (list, a) => new List<string>(list) { a }))
                .Select(list => $"{name}({string.Join(", ", list)})");

        public static Gen<string> Boolean(int depth) => Node(
            depth,
            Pick("Flow.b1", "true", "false", "FLOW.B1"),
            d => Boolean(d).Select(b => $"!{b}"),
            d => Op(Boolean(d), "and", Boolean(d)),
            d => Op(Boolean(d), "or", Boolean(d)),
            d => Gen.Select(Integer(d), Pick("<", "<=", ">", ">=", "==", "!="), Integer(d), (l, op, r) => $"({l} {op} {r})"),
            d => Gen.Select(Text(d), Pick("==", "!=", "<", ">="), Text(d), (l, op, r) => $"({l} {op} {r})"),
            d => Op(Text(d), "==", Pick("NOT_SET", "\"gold\"")),
            d => Op(Decimal(d), ">", Integer(d)),
            d => Op(Boolean(d), "==", Pick("true", "NOT_SET")),
            d => Op(Time(d), "<", Time(d)),
            d => Op(Duration(d), ">=", Duration(d)),
            d => Call("IsSet", Any(d)),
            d => Call("IsNotSet", Any(d)),
            d => Call("IsNotSetOrEmpty", Text(d)),
            d => Call("Contains", Text(d), Text(d)),
            d => Call("If", Boolean(d), Boolean(d), Boolean(d)));

        public static Gen<string> Integer(int depth) => Node(
            depth,
            Pick("Flow.n1", "Flow.n2", "0", "3", "700", "999999999999999", "NOT_SET"),
            d => Op(Integer(d), "+", Integer(d)),
            d => Op(Integer(d), "-", Integer(d)),
            d => Op(Integer(d), "*", Integer(d)),
            d => Op(Integer(d), "%", Integer(d)),
            d => Integer(d).Select(i => $"-{i}"),
            d => Call("ToInt", Text(d)),
            d => Call("ToInt", Decimal(d)),
            d => Call("If", Boolean(d), Integer(d), Integer(d)),
            d => Call("Length", Text(d)),
            d => Call("Count", Pick("Flow.sl", "Flow.nl")),
            d => Integer(d).Select(i => $"Flow.nl[{i}]"));

        public static Gen<string> Text(int depth) => Node(
            depth,
            Gen.OneOf(Pick("Flow.s1", "Flow.s2", "flow.S1"), Gen.OneOf(StringLiterals)),
            d => Op(Text(d), "+", Text(d)),
            d => Call("ToString", Integer(d)),
            d => Call("ToString", Decimal(d)),
            d => Call("ToString", Boolean(d)),
            d => Call("Lower", Text(d)),
            d => Call("Trim", Text(d)),
            d => Call("If", Boolean(d), Text(d), Text(d)),
            d => Call("Append", Text(d), Text(d), Text(d)),
            d => Call("Right", Text(d), Integer(d)),
            d => Call("Substring", Text(d), Integer(d), Integer(d)),
            d => Integer(d).Select(i => $"Flow.sl[{i}]"));

        public static Gen<string> Decimal(int depth) => Node(
            depth,
            Pick("Flow.d1", "1.5", "0.0", "2.25"),
            d => Op(Decimal(d), "+", Decimal(d)),
            d => Op(Decimal(d), "*", Integer(d)),
            d => Op(Decimal(d), "/", Decimal(d)),
            d => Op(Integer(d), "/", Integer(d)),
            d => Op(Decimal(d), "%", Decimal(d)),
            d => Decimal(d).Select(x => $"-{x}"),
            d => Call("ToDecimal", Text(d)),
            d => Call("If", Boolean(d), Decimal(d), Integer(d)));

        public static Gen<string> Time(int depth) => Node(
            depth,
            Pick("Flow.t1", "GetCurrentDateTimeUtc()"),
            d => Op(Time(d), "+", Duration(d)),
            d => Op(Time(d), "-", Duration(d)));

        public static Gen<string> Duration(int depth) => Node(
            depth,
            Pick("Flow.u1"),
            d => Op(Time(d), "-", Time(d)),
            d => Op(Duration(d), "+", Duration(d)),
            d => Duration(d).Select(x => $"-{x}"));
    }
}
