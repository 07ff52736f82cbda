using System.Globalization;
using ParticipantData.Architect.Routing;

namespace ParticipantData.Architect.Flows;

/// <summary>One run of a flow: walks the actions, keeps the variables and the flow's copy of participant data, records the trace.</summary>
internal sealed partial class FlowRunner
{
    private const int MaxCallDepth = 64;

    private readonly Flow _flow;
    private readonly DataActionCatalog _dataActions;
    private readonly FlowRunInput _input;
    private readonly EvaluationContext _context;
    private readonly bool _interpret;
    private readonly List<FlowStep> _steps = [];
    private readonly HashSet<string> _readNames = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _flowCopy;
    private FlowOutcome? _outcome;
    private int _depth;

    public FlowRunner(Flow flow, DataActionCatalog dataActions, TimeProvider time, FlowRunInput input, bool interpret = false)
    {
        _interpret = interpret;
        _flow = flow;
        _dataActions = dataActions;
        _input = input;
        _context = new EvaluationContext(time);
    }

    private enum SignalKind
    {
        Next,
        LoopExit,
        LoopNext,
        EndTask,
        Jump,
        Terminate,
    }

    private readonly record struct Signal(SignalKind Kind, FlowTask? Target = null)
    {
        public static readonly Signal Next = new(SignalKind.Next);
        public static readonly Signal Terminate = new(SignalKind.Terminate);
    }

    public async Task<FlowRunResult> RunAsync(CancellationToken cancellationToken)
    {
        InitialiseVariables();
        try
        {
            var end = await RunTaskAsync(_flow.Start, cancellationToken).ConfigureAwait(false);
            _outcome ??= end.Kind == SignalKind.Terminate
                ? new FlowOutcome(FlowOutcomeKind.Ended, "the flow ended")
                : _flow.IsVoice
                    ? new FlowOutcome(FlowOutcomeKind.Disconnected, $"the task '{_flow.Start.Name}' ended: the call disconnects")
                    : new FlowOutcome(FlowOutcomeKind.Ended, "the flow ended");
        }
        catch (FlowFault fault)
        {
            HandleError(fault);
        }

        var writeBacks = await WriteBackAsync(cancellationToken).ConfigureAwait(false);
        var attributes = await _input.ParticipantData.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        var variables = _context.Variables.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new FlowRunResult(_flow.Name, _steps, _outcome!, writeBacks, variables, attributes);
    }

    private void InitialiseVariables()
    {
        foreach (var name in new[] { "Call.Ani", "Call.CalledAddress", "Call.CalledAddressOriginal", "Call.ConversationId", "Message.ConversationId" })
        {
            if (_flow.Types.TryGetType(name, out var type))
            {
                var text = name switch
                {
                    "Call.Ani" => _input.Ani,
                    "Call.CalledAddress" or "Call.CalledAddressOriginal" => _input.Dnis,
                    _ => _input.ConversationId,
                };
                _context.Set(name, text is null ? ArchitectValue.NotSet(type) : ArchitectValue.String(text));
            }
        }

        foreach (var (name, initial) in _flow.Variables)
        {
            _context.Set(name, initial.Evaluate(_context, _interpret));
        }

        foreach (var assignment in _input.Variables)
        {
            if (!_flow.Types.TryGetType(assignment.Name, out var declared))
            {
                throw new FlowLoadException($"--var {assignment.Name}: the flow declares no such variable.");
            }

            var value = assignment.Value;
            if (!ReferenceEquals(value.Type, declared))
            {
                value = value.IsSet && VariableAssignments.TryParseValue(value.ToString(), declared, out var converted, out _)
                    ? converted
                    : !value.IsSet ? ArchitectValue.NotSet(declared)
                    : throw new FlowLoadException($"--var {assignment.Name}: the flow declares it {declared.WithArticle}; '{value}' is not one.");
            }

            _context.Set(assignment.Name, value);
        }
    }

    private async ValueTask<Signal> RunTaskAsync(FlowTask task, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = await RunListAsync(task.Actions, task, cancellationToken).ConfigureAwait(false);
            if (signal.Kind == SignalKind.Jump)
            {
                task = signal.Target!;
                continue;
            }

            return signal.Kind == SignalKind.Terminate ? signal : new Signal(SignalKind.EndTask);
        }
    }

    private async ValueTask<Signal> RunListAsync(FlowAction[] actions, FlowTask task, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            var signal = await RunActionAsync(action, task, cancellationToken).ConfigureAwait(false);
            if (signal.Kind != SignalKind.Next)
            {
                return signal;
            }
        }

        return Signal.Next;
    }

    private ValueTask<Signal> RunActionAsync(FlowAction action, FlowTask task, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_steps.Count >= _input.MaxSteps)
        {
            throw new FlowFault(action, task, $"more than {_input.MaxSteps} steps: a loop or a jump that never ends?");
        }

        try
        {
            return action switch
            {
                GetDataAction get => GetDataAsync(get, task, cancellationToken),
                SetDataAction set => SetDataAsync(set, task, cancellationToken),
                UpdateDataAction update => ValueTask.FromResult(UpdateData(update, task)),
                DecisionAction decision => DecisionAsync(decision, task, cancellationToken),
                SwitchAction @switch => SwitchAsync(@switch, task, cancellationToken),
                LoopAction loop => LoopAsync(loop, task, cancellationToken),
                JumpAction jump => JumpAsync(jump, task, cancellationToken),
                TransferToAcdAction transfer => TransferAsync(transfer, task, cancellationToken),
                CallDataAction callData => CallDataAsync(callData, task, cancellationToken),
                ControlAction control => ValueTask.FromResult(Control(control, task)),
                NotSimulatedAction other => NotSimulatedAsync(other, task, cancellationToken),
                _ => throw new InvalidOperationException(action.Kind),
            };
        }
        catch (ArchitectRuntimeException e)
        {
            throw new FlowFault(action, task, e.Diagnostic.Message);
        }
    }

    private ArchitectValue Evaluate(FlowValue value, FlowAction action, FlowTask task)
    {
        try
        {
            return value.Evaluate(_context, _interpret);
        }
        catch (ArchitectRuntimeException e)
        {
            throw new FlowFault(action, task, $"{value.Text}: {e.Diagnostic.Message}");
        }
    }

    private string EvaluateText(FlowValue value, FlowAction action, FlowTask task, string what)
    {
        var result = Evaluate(value, action, task);
        return result.IsSet ? result.AsString() : throw new FlowFault(action, task, $"{what} ({value.Text}) is NOT_SET");
    }

    private FlowStep Step(FlowAction action, FlowTask task, string? path, List<VariableChange>? variables = null, List<AttributeAccess>? read = null, List<AttributeAccess>? written = null, string? note = null, bool simulated = true) =>
        Add(new FlowStep(_steps.Count + 1, task.Name, action.Kind, action.Name, action.Position, path, variables ?? [], read ?? [], written ?? [], note, simulated));

    private FlowStep Add(FlowStep step)
    {
        _steps.Add(step);
        return step;
    }

    private void Assign(string name, ArchitectValue value, List<VariableChange> changes)
    {
        _context.Set(name, value);
        changes.Add(new VariableChange(name, value.ToString()));
    }

    private ValueTask<Signal> TransferAsync(TransferToAcdAction transfer, FlowTask task, CancellationToken cancellationToken)
    {
        var queue = Evaluate(transfer.Queue, transfer, task);
        if (!queue.IsSet || queue.AsString().Length == 0)
        {
            Step(transfer, task, "failure", note: $"the target queue ({transfer.Queue.Text}) is NOT_SET or empty");
            return RunListAsync(transfer.Failure, task, cancellationToken);
        }

        _outcome = Transferred(transfer, queue.AsString(), task);
        Step(transfer, task, "transferred", note: _outcome.Description);
        return ValueTask.FromResult(Signal.Terminate);
    }

    private FlowOutcome Transferred(TransferToAcdAction transfer, string queue, FlowTask task)
    {
        var priority = transfer.Priority is { } p && Evaluate(p, transfer, task) is { IsSet: true } pv ? pv.AsInteger() : 0;
        var skills = transfer.Skills.Select(s => Evaluate(s, transfer, task)).Where(s => s.IsSet).Select(s => s.AsString()).ToList();
        var language = transfer.LanguageSkill is { } l && Evaluate(l, transfer, task) is { IsSet: true } lv ? lv.AsString() : null;
        var description = string.Create(CultureInfo.InvariantCulture, $"transferred to queue '{queue}' (priority {priority}")
            + (skills.Count > 0 ? $", skills {string.Join(", ", skills)}" : "")
            + (language is null ? "" : $", language {language}") + ")";
        return new FlowOutcome(FlowOutcomeKind.Transferred, description, queue, priority, skills, language);
    }

    private ValueTask<Signal> NotSimulatedAsync(NotSimulatedAction other, FlowTask task, CancellationToken cancellationToken)
    {
        Step(other, task, other.PathTaken, note: other.PathTaken is null ? "not simulated" : $"not simulated: takes its '{other.PathTaken}' path", simulated: false);
        return RunListAsync(other.Path, task, cancellationToken);
    }

    private void HandleError(FlowFault fault)
    {
        Add(new FlowStep(_steps.Count + 1, fault.Task.Name, fault.Action.Kind, fault.Action.Name, fault.Action.Position, "error", [], [], [], fault.Message, Failed: true));
        var handling = _flow.ErrorHandling;
        var reason = $"{fault.Action.Name} failed: {fault.Message}";
        if (handling.Transfer is { } transfer)
        {
            try
            {
                var queue = Evaluate(transfer.Queue, transfer, fault.Task);
                if (queue.IsSet)
                {
                    var outcome = Transferred(transfer, queue.AsString(), fault.Task);
                    _outcome = outcome with { Kind = FlowOutcomeKind.Error, Description = $"error handling: {outcome.Description}", Error = reason };
                    return;
                }
            }
            catch (FlowFault)
            {
                // The error handler's own transfer failed: the platform disconnects.
            }
        }

        _outcome = new FlowOutcome(FlowOutcomeKind.Error, $"error handling: {handling.Kind}", Error: reason);
    }

    private async Task<IReadOnlyList<WriteBack>> WriteBackAsync(CancellationToken cancellationToken)
    {
        if (!_flow.IsVoice || _flowCopy is null || _readNames.Count == 0)
        {
            return [];
        }

        var cloud = await _input.ParticipantData.ReadAsync(null, cancellationToken).ConfigureAwait(false) ?? new Dictionary<string, string>();
        var writeBacks = new List<WriteBack>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _readNames.Order(StringComparer.Ordinal))
        {
            if (_flowCopy.TryGetValue(name, out var value))
            {
                writeBacks.Add(new WriteBack(name, value, cloud.TryGetValue(name, out var current) ? current : null));
                values[name] = value;
            }
        }

        if (values.Count > 0 && !_input.DeferWriteBack)
        {
            await _input.ParticipantData.WriteAsync(null, values, cancellationToken).ConfigureAwait(false);
        }

        return writeBacks;
    }

    /// <summary>An action failed at runtime: the flow's error handling takes over.</summary>
    private sealed class FlowFault(FlowAction action, FlowTask task, string message) : Exception(message)
    {
        public FlowAction Action { get; } = action;

        public FlowTask Task { get; } = task;
    }
}
