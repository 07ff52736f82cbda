using System.Text;
using BenchmarkDotNet.Attributes;
using ParticipantData.Architect.Flows;

namespace ParticipantData.Benchmarks;

/// <summary>
/// One run of a flow of 20 actions without data actions (Get Participant Data, Update Data, Decisions, a Switch, Set
/// Participant Data, Transfer to ACD) on in-memory participant data: the expressions evaluated by the interpreter (the
/// baseline) and by their compiled delegates (what a run uses); beside them the same flow with a Call Data Action
/// answered by a scripted response (the data-action engine's translation map and template).
/// </summary>
[MemoryDiagnoser]
public class FlowRunBenchmarks
{
    private FlowSimulator _interpreted = null!;
    private FlowSimulator _plain = null!;
    private FlowSimulator _withDataAction = null!;
    private ScenarioDataActionEndpoint _answers = null!;

    /// <summary>The executed actions, counted by the trace (checked in setup so the figure is per 20 actions).</summary>
    public int Steps { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var flow = Flow.Parse(FlowYaml(withDataAction: false), "bench.yaml");
        _interpreted = new FlowSimulator(flow) { InterpretExpressions = true };
        _plain = new FlowSimulator(flow);
        _withDataAction = new FlowSimulator(Flow.Parse(FlowYaml(withDataAction: true), "bench.yaml"));
        _answers = new ScenarioDataActionEndpoint
        {
            Responses = new Dictionary<string, ScriptedResponse> { ["Get Loyalty Tier"] = new(200, """{"tier": "gold"}""", TimeSpan.Zero) },
        };
        Steps = Plain().Steps.Count;
        var interpreted = Interpreted();
        if (Steps != 20 || interpreted.Steps.Count != 20 || interpreted.Outcome.Kind != Plain().Outcome.Kind || interpreted.Outcome.Queue != Plain().Outcome.Queue)
        {
            throw new InvalidOperationException($"the benchmark flow ran {Steps} steps ({interpreted.Steps.Count} interpreted), not 20, or the outcomes differ");
        }
    }

    [Benchmark(Baseline = true, Description = "flow run, 20 actions, interpreter")]
    public FlowRunResult Interpreted() => _interpreted.RunAsync(Input(null), CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark(Description = "flow run, 20 actions, compiled delegates")]
    public FlowRunResult Plain() => _plain.RunAsync(Input(null), CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark(Description = "flow run, 20 actions + Call Data Action (scripted), compiled delegates")]
    public FlowRunResult WithDataAction() => _withDataAction.RunAsync(Input(_answers), CancellationToken.None).GetAwaiter().GetResult();

    private static FlowRunInput Input(IDataActionEndpoint? answers) => new()
    {
        ParticipantData = new InMemoryParticipantData(new Dictionary<string, string> { ["loyalty_tier"] = "gold", ["crm_score"] = "720" }),
        DataActions = answers,
        Ani = "tel:+13175550100",
    };

    private static string FlowYaml(bool withDataAction)
    {
        var actions = new StringBuilder();
        actions.Append("""
                  - getParticipantData:
                      name: Get
                      attributes:
                        - attribute: {name: {lit: loyalty_tier}, variable: Flow.tier}
                        - attribute: {name: {lit: crm_score}, variable: Flow.score}

            """);
        if (withDataAction)
        {
            actions.Append("""
                  - callData:
                      name: Lookup
                      category:
                        Loyalty:
                          dataAction:
                            Get Loyalty Tier:
                              inputs:
                                phone: {exp: Call.Ani}
                              successOutputs:
                                tier: {var: Flow.tier}

            """);
        }

        for (var i = 0; i < 7; i++)
        {
            actions.Append($$$"""
                  - updateData:
                      name: Update {{{i}}}
                      statements:
                        - integer: {variable: Flow.n, value: {exp: Flow.n + 1}}

            """);
        }

        for (var i = 0; i < 4; i++)
        {
            actions.Append($$$"""
                  - decision:
                      name: Decision {{{i}}}
                      condition: {exp: 'IsSet(Flow.tier) and Flow.tier == "gold" or ToInt(Flow.score) > 700'}
                      outputs:
                        yes:
                          actions:
                            - setParticipantData:
                                name: Set {{{i}}}
                                attributes:
                                  - attribute: {name: {lit: step{{{i}}}}, value: {exp: Flow.n}}

            """);
        }

        actions.Append("""
                  - switch:
                      name: Route
                      evaluate:
                        firstTrue:
                          default:
                            actions:
                              - transferToAcd: {name: To General, targetQueue: {lit: {name: General}}}
                          cases:
                            - case:
                                value: {exp: Flow.tier == "silver"}
                                actions:
                                  - transferToAcd: {name: To Silver, targetQueue: {lit: {name: Silver}}}
                            - case:
                                value: {exp: Flow.tier == "gold"}
                                actions:
                                  - setParticipantData:
                                      name: Routed
                                      attributes:
                                        - attribute: {name: {lit: routed}, value: {lit: gold}}
                                  - updateData:
                                      name: Done
                                      statements:
                                        - boolean: {variable: Flow.done, value: {lit: true}}
                                  - transferToAcd: {name: To Gold, targetQueue: {lit: {name: Gold}}, priority: {lit: 10}}
            """);
        return $$$"""
            inboundCall:
              name: Bench
              startUpRef: "/inboundCall/tasks/task[Main]"
              variables:
                - integerVariable: {name: Flow.n, initialValue: {lit: 0}}
                - booleanVariable: {name: Flow.done, initialValue: {lit: false}}
              tasks:
                - task:
                    name: Main
                    actions:
            {{{string.Join("\n", actions.ToString().Split('\n').Select(l => "    " + l))}}}
            """;
    }
}
