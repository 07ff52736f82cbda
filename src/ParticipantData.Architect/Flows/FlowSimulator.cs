using ParticipantData.Architect.Routing;

namespace ParticipantData.Architect.Flows;

/// <summary>What one run starts with: the conversation's participant data, the call's built-ins, variables, and how data actions answer.</summary>
public sealed record FlowRunInput
{
    /// <summary>The default of <see cref="MaxSteps"/>.</summary>
    public const int DefaultMaxSteps = 10_000;

    /// <summary>Where Get/Set Participant Data read and write.</summary>
    /// <value>Default: an empty <see cref="InMemoryParticipantData"/>.</value>
    public IFlowParticipantData ParticipantData { get; init; } = new InMemoryParticipantData();

    /// <summary>Answers Call Data Actions; null makes every Call Data Action an error that the trace shows.</summary>
    /// <value>Default: null.</value>
    public IDataActionEndpoint? DataActions { get; init; }

    /// <summary><c>Call.Ani</c> (or NOT_SET).</summary>
    /// <value>Default: null (NOT_SET).</value>
    public string? Ani { get; init; }

    /// <summary><c>Call.CalledAddress</c>, the DNIS (or NOT_SET).</summary>
    /// <value>Default: null (NOT_SET).</value>
    public string? Dnis { get; init; }

    /// <summary><c>Call.ConversationId</c> / <c>Message.ConversationId</c> (or NOT_SET).</summary>
    /// <value>Default: null (NOT_SET).</value>
    public string? ConversationId { get; init; }

    /// <summary>Values for flow variables (inputs), set after the declared initial values.</summary>
    /// <value>Default: none.</value>
    public IReadOnlyList<VariableAssignment> Variables { get; init; } = [];

    /// <summary>What Get Participant Data gives for an absent attribute (the platform's behaviour is not documented).</summary>
    /// <value>Default: <see cref="MissingAttributeBehavior.NotSet"/>.</value>
    public MissingAttributeBehavior MissingAttribute { get; init; } = MissingAttributeBehavior.NotSet;

    /// <summary>
    /// True: a voice flow's write-back is computed (<see cref="FlowRunResult.WriteBacks"/>) but not written, for a caller
    /// whose flow ends later than the run (the emulator writes it when the call leaves the IVR).
    /// </summary>
    /// <value>Default: false.</value>
    public bool DeferWriteBack { get; init; }

    /// <summary>A run that takes more steps than this ends in error (a loop or jump that never ends).</summary>
    /// <value>Default: <see cref="DefaultMaxSteps"/> (10,000).</value>
    public int MaxSteps { get; init; } = DefaultMaxSteps;
}

/// <summary>
/// Runs the participant-data part of a <see cref="Flow"/>: Get/Set Participant Data, Update Data, Decision, Switch,
/// Loop, jumps, Call Data Action (through the data-action engine) and Transfer to ACD, with a trace of every step.
/// A simulator can run many flows concurrently; each run keeps its own state.
/// </summary>
public sealed class FlowSimulator
{
    private readonly Flow _flow;
    private readonly DataActionCatalog _dataActions;
    private readonly TimeProvider _time;

    /// <summary>A simulator of <paramref name="flow"/>.</summary>
    /// <param name="flow">The loaded flow; its expressions are compiled once and shared by every run.</param>
    /// <param name="dataActions">The data action definitions its Call Data Actions use; null for none.</param>
    /// <param name="timeProvider">The clock of <c>GetCurrentDateTimeUtc()</c> and of the trace; null for the system clock.</param>
    public FlowSimulator(Flow flow, DataActionCatalog? dataActions = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _flow = flow;
        _dataActions = dataActions ?? DataActionCatalog.Empty;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Evaluates the flow's expressions with the interpreter instead of their compiled delegates (benchmarks compare the two).</summary>
    internal bool InterpretExpressions { get; init; }

    /// <summary>Runs the flow once from its start task.</summary>
    /// <param name="input">The participant data, built-ins, variables and data action answers of this run.</param>
    /// <param name="cancellationToken">Cancels reads and writes of participant data and data action calls.</param>
    /// <returns>The trace and the outcome; a flow error is an outcome, not an exception.</returns>
    /// <exception cref="FlowLoadException">An input variable the flow does not declare, or of the wrong type.</exception>
    public Task<FlowRunResult> RunAsync(FlowRunInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new FlowRunner(_flow, _dataActions, _time, input, InterpretExpressions).RunAsync(cancellationToken);
    }
}
