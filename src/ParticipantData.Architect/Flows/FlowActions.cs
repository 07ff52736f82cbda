namespace ParticipantData.Architect.Flows;

// The actions the simulator models, as loaded from Archy YAML. Each is plain data; FlowRunner gives them meaning.

/// <summary>An action of a flow: its Archy kind (<c>decision</c>, <c>callData</c>, …), its name, and where it is in the file.</summary>
internal abstract record FlowAction(string Kind, string Name, string Position);

internal sealed record AttributeRead(FlowValue Name, string Variable);

internal sealed record AttributeWrite(FlowValue Name, FlowValue Value);

/// <summary>Get Participant Data, or Get Conversation Data when <see cref="ConversationId"/> is given (workflows).</summary>
internal sealed record GetDataAction(string Kind, string Name, string Position, IReadOnlyList<AttributeRead> Attributes, FlowValue? ConversationId, IReadOnlyDictionary<string, FlowAction[]> Outputs)
    : FlowAction(Kind, Name, Position);

/// <summary>Set Participant Data, or Set Conversation Data when <see cref="ConversationId"/> is given (workflows).</summary>
internal sealed record SetDataAction(string Kind, string Name, string Position, IReadOnlyList<AttributeWrite> Attributes, FlowValue? ConversationId, IReadOnlyDictionary<string, FlowAction[]> Outputs)
    : FlowAction(Kind, Name, Position);

internal sealed record UpdateStatement(string Variable, FlowValue Value);

internal sealed record UpdateDataAction(string Name, string Position, IReadOnlyList<UpdateStatement> Statements)
    : FlowAction("updateData", Name, Position);

internal sealed record DecisionAction(string Name, string Position, FlowValue Condition, FlowAction[] Yes, FlowAction[] No)
    : FlowAction("decision", Name, Position);

internal sealed record SwitchCase(FlowValue Condition, FlowAction[] Actions);

internal sealed record SwitchAction(string Name, string Position, IReadOnlyList<SwitchCase> Cases, FlowAction[] Default)
    : FlowAction("switch", Name, Position);

internal sealed record LoopAction(string Name, string Position, string? IndexVariable, FlowValue Count, FlowAction[] Body)
    : FlowAction("loop", Name, Position);

/// <summary><c>loopExit</c>, <c>loopNext</c>, <c>endTask</c>, <c>endState</c>, <c>endWorkflow</c>, <c>disconnect</c>.</summary>
internal sealed record ControlAction(string Kind, string Name, string Position) : FlowAction(Kind, Name, Position);

/// <summary><c>jumpToTask</c> / <c>changeState</c> (control moves there) or <c>callTask</c> (returns when the task ends).</summary>
internal sealed record JumpAction(string Kind, string Name, string Position, string TargetRef, bool Returns)
    : FlowAction(Kind, Name, Position);

internal sealed record TransferToAcdAction(string Name, string Position, FlowValue Queue, FlowValue? Priority, IReadOnlyList<FlowValue> Skills, FlowValue? LanguageSkill, FlowAction[] Failure)
    : FlowAction("transferToAcd", Name, Position);

internal sealed record DataActionOutput(string Output, string Variable);

internal sealed record CallDataAction(
    string Name,
    string Position,
    string Category,
    string ActionName,
    IReadOnlyList<(string Name, FlowValue Value)> Inputs,
    IReadOnlyList<DataActionOutput> SuccessOutputs,
    IReadOnlyList<DataActionOutput> FailureOutputs,
    FlowValue? Timeout,
    FlowAction[] Success,
    FlowAction[] Failure,
    FlowAction[] TimedOut)
    : FlowAction("callData", Name, Position);

/// <summary>Any other action: loaded, shown in the trace as not simulated, and followed along its default path.</summary>
internal sealed record NotSimulatedAction(string Kind, string Name, string Position, string? PathTaken, FlowAction[] Path)
    : FlowAction(Kind, Name, Position);

/// <summary>A task (call and message flows) or a state (workflows).</summary>
internal sealed record FlowTask(string Name, string RefId, FlowAction[] Actions);
