namespace ParticipantData.Architect.Flows;

/// <summary>
/// An Archy YAML flow, loaded for simulation: its tasks or states, its variables with the types Archy declares,
/// and every expression already compiled. Load once with <see cref="Parse"/>, run many times with <see cref="FlowSimulator"/>.
/// </summary>
public sealed class Flow
{
    internal Flow(
        string flowType,
        string name,
        FlowTask start,
        IReadOnlyDictionary<string, FlowTask> tasks,
        VariableTypes types,
        IReadOnlyList<(string Name, FlowValue Initial)> variables,
        FlowErrorHandling errorHandling,
        IReadOnlyList<string> dataActions,
        IReadOnlyList<string> notSimulated)
    {
        FlowType = flowType;
        Name = name;
        Start = start;
        Tasks = tasks;
        Types = types;
        Variables = variables;
        ErrorHandling = errorHandling;
        DataActions = dataActions;
        NotSimulated = notSimulated;
    }

    /// <summary>The Archy flow type: <c>inboundCall</c>, <c>inqueueCall</c>, <c>inboundShortMessage</c>, <c>inboundMessage</c>, <c>workflow</c>, …</summary>
    public string FlowType { get; }

    /// <summary>The flow's name (Archy's <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>Voice flows keep a copy of participant data and write back what they read when they end (architect.md A.9).</summary>
    public bool IsVoice => FlowType is "inboundCall" or "inqueueCall" or "outboundCall" or "inboundCallFlow";

    /// <summary>The names of the data actions the flow calls.</summary>
    public IReadOnlyList<string> DataActions { get; }

    /// <summary>The kinds of action in the flow that the simulator does not model (they take their default path).</summary>
    public IReadOnlyList<string> NotSimulated { get; }

    internal FlowTask Start { get; }

    internal IReadOnlyDictionary<string, FlowTask> Tasks { get; }

    internal VariableTypes Types { get; }

    internal IReadOnlyList<(string Name, FlowValue Initial)> Variables { get; }

    internal FlowErrorHandling ErrorHandling { get; }

    /// <summary>
    /// Loads an Archy YAML flow. <paramref name="dataActions"/> gives the types of Call Data Action inputs and outputs
    /// (from the actions' contracts); without it they are Strings unless the flow declares them.
    /// </summary>
    /// <exception cref="FlowLoadException">Not an Archy flow, or an expression that does not parse or type-check (with file, line, column).</exception>
    public static Flow Parse(string yaml, string sourceName, DataActionCatalog? dataActions = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return new FlowLoader(sourceName, dataActions ?? DataActionCatalog.Empty).Load(yaml);
    }

    /// <summary>The task (or state) an Archy reference such as <c>/inboundCall/tasks/task[Main Task_10]</c> names.</summary>
    internal bool TryResolve(string reference, out FlowTask task)
    {
        var open = reference.LastIndexOf('[');
        var key = open >= 0 && reference.EndsWith(']') ? reference[(open + 1)..^1] : reference;
        return Tasks.TryGetValue(key, out task!);
    }
}

/// <summary>The flow-level error handling (Settings › Event Handling): what happens when an action fails.</summary>
internal sealed record FlowErrorHandling(string Kind, TransferToAcdAction? Transfer);
