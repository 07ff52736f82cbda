using System.Globalization;

namespace ParticipantData.Architect.Flows;

/// <summary>The control actions: Update Data, Decision, Switch, Loop, Jump to / reusable tasks, End Task and End State.</summary>
internal sealed partial class FlowRunner
{
    private Signal UpdateData(UpdateDataAction update, FlowTask task)
    {
        var changes = new List<VariableChange>();
        foreach (var statement in update.Statements)
        {
            Assign(statement.Variable, Evaluate(statement.Value, update, task), changes);
        }

        Step(update, task, null, changes);
        return Signal.Next;
    }

    private ValueTask<Signal> DecisionAsync(DecisionAction decision, FlowTask task, CancellationToken cancellationToken)
    {
        var value = Evaluate(decision.Condition, decision, task);
        if (!value.IsSet)
        {
            throw new FlowFault(decision, task, $"the condition {decision.Condition.Text} is NOT_SET");
        }

        var yes = value.AsBoolean();
        Step(decision, task, yes ? "yes" : "no", note: decision.Condition.Text);
        return RunListAsync(yes ? decision.Yes : decision.No, task, cancellationToken);
    }

    private ValueTask<Signal> SwitchAsync(SwitchAction @switch, FlowTask task, CancellationToken cancellationToken)
    {
        for (var i = 0; i < @switch.Cases.Count; i++)
        {
            var value = Evaluate(@switch.Cases[i].Condition, @switch, task);
            if (!value.IsSet)
            {
                throw new FlowFault(@switch, task, $"case {i + 1} ({@switch.Cases[i].Condition.Text}) is NOT_SET");
            }

            if (value.AsBoolean())
            {
                Step(@switch, task, string.Create(CultureInfo.InvariantCulture, $"case {i + 1}"), note: @switch.Cases[i].Condition.Text);
                return RunListAsync(@switch.Cases[i].Actions, task, cancellationToken);
            }
        }

        Step(@switch, task, "default", note: "no case was true");
        return RunListAsync(@switch.Default, task, cancellationToken);
    }

    private async ValueTask<Signal> LoopAsync(LoopAction loop, FlowTask task, CancellationToken cancellationToken)
    {
        var count = Evaluate(loop.Count, loop, task);
        var times = count.IsSet ? count.AsInteger() : throw new FlowFault(loop, task, $"the loop count {loop.Count.Text} is NOT_SET");
        for (long i = 0; i < times; i++)
        {
            var changes = new List<VariableChange>();
            if (loop.IndexVariable is { } index)
            {
                Assign(index, ArchitectValue.Integer(i), changes);
            }

            Step(loop, task, string.Create(CultureInfo.InvariantCulture, $"iteration {i + 1} of {times}"), changes);
            var signal = await RunListAsync(loop.Body, task, cancellationToken).ConfigureAwait(false);
            if (signal.Kind == SignalKind.LoopExit)
            {
                return Signal.Next;
            }

            if (signal.Kind is not (SignalKind.Next or SignalKind.LoopNext))
            {
                return signal;
            }
        }

        Step(loop, task, "done", note: string.Create(CultureInfo.InvariantCulture, $"{times} iteration(s)"));
        return Signal.Next;
    }

    private async ValueTask<Signal> JumpAsync(JumpAction jump, FlowTask task, CancellationToken cancellationToken)
    {
        if (!_flow.TryResolve(jump.TargetRef, out var target))
        {
            throw new FlowFault(jump, task, $"{jump.TargetRef} names no task or state of this flow");
        }

        Step(jump, task, target.Name);
        if (!jump.Returns)
        {
            return new Signal(SignalKind.Jump, target);
        }

        if (++_depth > MaxCallDepth)
        {
            throw new FlowFault(jump, task, $"tasks call each other more than {MaxCallDepth} deep");
        }

        var signal = await RunTaskAsync(target, cancellationToken).ConfigureAwait(false);
        _depth--;
        return signal.Kind == SignalKind.Terminate ? signal : Signal.Next;
    }

    private Signal Control(ControlAction control, FlowTask task)
    {
        switch (control.Kind)
        {
            case "loopExit":
                Step(control, task, null);
                return new Signal(SignalKind.LoopExit);
            case "loopNext":
                Step(control, task, null);
                return new Signal(SignalKind.LoopNext);
            case "disconnect":
                Step(control, task, null);
                _outcome = new FlowOutcome(FlowOutcomeKind.Disconnected, $"{control.Name}: disconnected");
                return Signal.Terminate;
            case "endWorkflow":
                Step(control, task, null);
                _outcome = new FlowOutcome(FlowOutcomeKind.Ended, $"{control.Name}: the workflow ended");
                return Signal.Terminate;
            default:
                Step(control, task, null, note: $"the {(control.Kind == "endState" ? "state" : "task")} '{task.Name}' ends");
                return new Signal(SignalKind.EndTask);
        }
    }
}
