namespace ParticipantData.Architect.Flows;

/// <summary>A variable an action changed, with its value in Architect's display form.</summary>
public sealed record VariableChange(string Name, string Value);

/// <summary>A participant attribute read or written by a step (value null: the attribute was absent).</summary>
public sealed record AttributeAccess(string Name, string? Value);

/// <summary>
/// One step of a run: the action (kind, name, task and place in the file), the path it took (<c>yes</c>, <c>case 2</c>,
/// <c>default</c>, <c>success</c>, <c>timeout</c>, …), what it changed, and a note (why, or "not simulated").
/// </summary>
public sealed record FlowStep(
    int Number,
    string Task,
    string Kind,
    string Action,
    string Position,
    string? Path,
    IReadOnlyList<VariableChange> Variables,
    IReadOnlyList<AttributeAccess> Read,
    IReadOnlyList<AttributeAccess> Written,
    string? Note,
    bool Simulated = true,
    bool Failed = false);

/// <summary>How a run ended.</summary>
public enum FlowOutcomeKind
{
    /// <summary>Transfer to ACD: the call goes to a queue.</summary>
    Transferred,

    /// <summary>Disconnect, or the end of a call flow's task.</summary>
    Disconnected,

    /// <summary>The flow ended (end of a workflow or a message flow's state).</summary>
    Ended,

    /// <summary>An action failed and the flow's error handling took over (see <see cref="FlowOutcome.Error"/>).</summary>
    Error,
}

/// <summary>The outcome: the queue and what came with it for a transfer, or why the flow ended.</summary>
public sealed record FlowOutcome(FlowOutcomeKind Kind, string Description, string? Queue = null, long? Priority = null, IReadOnlyList<string>? Skills = null, string? LanguageSkill = null, string? Error = null);

/// <summary>A voice flow's write-back at its end (architect.md A.9): the flow's copy of an attribute it read, written over the cloud's.</summary>
public sealed record WriteBack(string Attribute, string FlowValue, string? CloudValue)
{
    /// <summary>True when the cloud held something else (written from outside while the flow ran), which the write-back overwrote.</summary>
    public bool Overwrote => !string.Equals(FlowValue, CloudValue, StringComparison.Ordinal);
}

/// <summary>A run of a flow: every step, the outcome, the write-back, and the final values.</summary>
public sealed record FlowRunResult(
    string Flow,
    IReadOnlyList<FlowStep> Steps,
    FlowOutcome Outcome,
    IReadOnlyList<WriteBack> WriteBacks,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string>? Attributes);
