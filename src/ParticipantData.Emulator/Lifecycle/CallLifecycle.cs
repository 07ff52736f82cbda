using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// One call's state machine, driven by a single timer of the injected clock: IVR (with DTMF, flow Set Participant
/// Data, the IVR flow's read and its write-back at the end, <see cref="IIvrFlowRun"/>) → queue (in-queue flow writes) →
/// alerting → connected (holds) → wrap-up → ended. Each step is one commit to the store, so each bumps the
/// conversation's version. Events fire in time order; at equal times in the order flow read, flow write,
/// DTMF, hold, state change. Every duration is jittered from a seeded <see cref="Random"/>, so a seed and a
/// creation order give the same timeline.
/// </summary>
internal sealed class CallLifecycle : IDisposable
{
    private const string Transfer = "transfer";

    private readonly Lock _gate = new();
    private readonly string _conversationId;
    private readonly string _customerId;
    private readonly string _ivrId;
    private readonly NewParticipant _acdTemplate;
    private readonly NewParticipant _agentTemplate;
    private readonly LifecycleOptions _options;
    private readonly ConversationStore _store;
    private readonly EmulatorCounters _counters;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Action<CallLifecycle> _ended;
    private readonly ITimer _timer;
    private readonly IIvrFlowRun _flow;
    private readonly SimulatedFlowWrites _flowWrites;

    private Phase _phase = Phase.Ivr;
    private DateTimeOffset _phaseEnds;
    private DateTimeOffset? _flowReadAt;
    private DateTimeOffset? _nextFlowWrite;
    private DateTimeOffset? _nextDtmf;
    private DateTimeOffset? _nextHoldToggle;
    private bool _held;
    private string? _acdId;
    private string? _agentId;
    private bool _disposed;

    private CallLifecycle(ConversationSnapshot call, NewParticipant acdTemplate, NewParticipant agentTemplate, LifecycleOptions options,
        ConversationStore store, EmulatorCounters counters, Random random, Action<CallLifecycle> ended)
    {
        _conversationId = call.Id;
        _customerId = call.Participants.First(p => p.Purpose == "customer").Id;
        _ivrId = call.Participants.First(p => p.Purpose == "ivr").Id;
        _acdTemplate = acdTemplate;
        _agentTemplate = agentTemplate;
        _options = options;
        _store = store;
        _counters = counters;
        _time = store.TimeProvider;
        _random = random;
        _ended = ended;
        _flow = options.Flow is { } flow
            ? new UserIvrFlowRun(flow, store, counters, _conversationId, _customerId)
            : new SimulatedIvrFlowRun(options, store, _conversationId, _customerId);
        _flowWrites = new SimulatedFlowWrites(options.FlowWriteKeys);
        _timer = _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private enum Phase
    {
        Ivr,
        Queue,
        Alerting,
        Connected,
        WrapUp,
        Ended,
    }

    private enum EventKind
    {
        FlowRead,
        FlowWrite,
        Dtmf,
        HoldToggle,
        PhaseEnd,
    }

    public string ConversationId => _conversationId;

    public static CallLifecycle Start(ConversationSnapshot call, NewParticipant acd, NewParticipant agent, LifecycleOptions options,
        ConversationStore store, EmulatorCounters counters, Random random, Action<CallLifecycle> ended)
    {
        var lifecycle = new CallLifecycle(call, acd, agent, options, store, counters, random, ended);
        lifecycle.Begin(call.StartTime);
        return lifecycle;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void Begin(DateTimeOffset start)
    {
        lock (_gate)
        {
            _phaseEnds = start + Jittered(_options.IvrDuration);
            _flowReadAt = start + Jittered(_options.FlowReadDelay);
            // A user's flow does its own Set Participant Data; the built-in writes resume in queue.
            _nextFlowWrite = _options.Flow is null ? Next(start, _options.FlowWriteKeys.Count > 0 ? _options.FlowWriteInterval : TimeSpan.Zero) : null;
            _nextDtmf = Next(start, _options.DtmfInterval);
            Arm(start);
        }
    }

    private void OnTimer()
    {
        var ended = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_phase != Phase.Ended && NextEvent() is { } next && next.At <= now)
            {
                Run(next.Kind, next.At);
            }

            if (_phase == Phase.Ended)
            {
                _disposed = true;
                _timer.Dispose();
                ended = true;
            }
            else
            {
                Arm(now);
            }
        }

        if (ended)
        {
            _ended(this);
        }
    }

    private void Arm(DateTimeOffset now)
    {
        if (NextEvent() is { } next)
        {
            var due = next.At - now;
            _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
        }
    }

    private (DateTimeOffset At, EventKind Kind)? NextEvent()
    {
        (DateTimeOffset At, EventKind Kind)? best = null;
        Consider(_flowReadAt, EventKind.FlowRead);
        Consider(_nextFlowWrite, EventKind.FlowWrite);
        Consider(_nextDtmf, EventKind.Dtmf);
        Consider(_nextHoldToggle, EventKind.HoldToggle);
        Consider(_phaseEnds, EventKind.PhaseEnd);
        return best;

        void Consider(DateTimeOffset? at, EventKind kind)
        {
            if (at is { } when && (best is null || when < best.Value.At))
            {
                best = (when, kind);
            }
        }
    }

    private void Run(EventKind kind, DateTimeOffset at)
    {
        switch (kind)
        {
            case EventKind.FlowRead:
                _flowReadAt = null;
                if (!_flow.Start())
                {
                    _phase = Phase.Ended; // the customer is gone
                }

                break;
            case EventKind.FlowWrite:
                _nextFlowWrite = Next(at, _options.FlowWriteInterval);
                SetParticipantData();
                break;
            case EventKind.Dtmf:
                _nextDtmf = Next(at, _options.DtmfInterval);
                Commit(ConversationChangeKind.MediaEvent, c => c);
                break;
            case EventKind.HoldToggle:
                _held = !_held;
                _nextHoldToggle = _held ? at + Jittered(_options.HoldDuration) : Next(at, _options.HoldInterval);
                var held = _held;
                Commit(ConversationChangeKind.MediaEvent, c => Update(c, _customerId, p => p with { Held = held }));
                break;
            default:
                EndPhase(at);
                break;
        }
    }

    /// <summary>Set Participant Data of the IVR or in-queue flow: one key in turn, value <c>flow-N</c>.</summary>
    private void SetParticipantData()
    {
        var (key, value) = _flowWrites.Next();
        if (Write(new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value }, AttributeSource.Flow) is null)
        {
            return;
        }

        _counters.FlowWrite();
        if (_phase == Phase.Ivr)
        {
            _flow.Wrote(key, value);
        }
    }

    private void EndPhase(DateTimeOffset at)
    {
        switch (_phase)
        {
            case Phase.Ivr:
                if (_flow.IsWaiting)
                {
                    // The flow is still waiting on a data action: the call stays in the IVR a little longer.
                    _phaseEnds = at + TimeSpan.FromMilliseconds(100);
                    return;
                }

                var (queue, copy) = _flow.Finish();
                WriteBack(copy);
                if (_phase == Phase.Ended)
                {
                    return;
                }

                var acd = ConversationFactory.BuildParticipant(MediaKind.Call, queue is null ? _acdTemplate : _acdTemplate with { Name = queue }, at);
                _acdId = acd.Id;
                Commit(ConversationChangeKind.ParticipantsChanged, c =>
                {
                    var transferred = Update(c, _ivrId, Disconnected(at, Transfer));
                    return transferred with { Participants = [.. transferred.Participants, acd] };
                });
                Enter(Phase.Queue, at, _options.QueueDuration);
                _nextDtmf = null;
                _flowReadAt = null;
                if (_options.Flow is not null && _options.FlowWriteKeys.Count > 0)
                {
                    _nextFlowWrite = Next(at, _options.FlowWriteInterval);
                }

                break;
            case Phase.Queue:
                var agent = ConversationFactory.BuildParticipant(MediaKind.Call, _agentTemplate, at) with { State = "alerting", ConnectedTime = null };
                _agentId = agent.Id;
                Commit(ConversationChangeKind.ParticipantsChanged, c => c with { Participants = [.. c.Participants, agent] });
                Enter(Phase.Alerting, at, _options.AlertingDuration);
                _nextFlowWrite = null;
                break;
            case Phase.Alerting:
                Commit(ConversationChangeKind.ParticipantsChanged, c =>
                    Update(Update(c, _agentId!, p => p with { State = "connected", ConnectedTime = at }), _acdId!, Disconnected(at, Transfer)));
                Enter(Phase.Connected, at, _options.ConnectedDuration);
                _nextHoldToggle = Next(at, _options.HoldInterval);
                break;
            case Phase.Connected:
                // The customer hangs up; the agent's call ends and the agent owes wrap-up.
                Commit(ConversationChangeKind.ParticipantsChanged, c =>
                    Update(Update(c, _customerId, p => Disconnected(at, "endpoint")(p) with { Held = false }), _agentId!,
                        p => Disconnected(at, "peer")(p) with { WrapupRequired = true }));
                Enter(Phase.WrapUp, at, _options.WrapUpDuration);
                _nextHoldToggle = null;
                _held = false;
                break;
            case Phase.WrapUp:
                if (_store.Disconnect(_conversationId) is not null)
                {
                    _counters.LifecycleEvent();
                }

                _phase = Phase.Ended;
                break;
        }
    }

    /// <summary>The A.9 write-back: the flow's copy goes back to the customer, whatever was written meanwhile.</summary>
    private void WriteBack(Dictionary<string, string>? copy)
    {
        if (!_options.WriteBack || copy is not { Count: > 0 })
        {
            return;
        }

        if (Write(copy, AttributeSource.WriteBack) is not { } outcome)
        {
            return;
        }

        var before = outcome.Before!.Attributes;
        var overwritten = copy.Count(pair => !before.TryGetValue(pair.Key, out var old) || !string.Equals(old, pair.Value, StringComparison.Ordinal));
        _counters.WriteBack(overwritten);
    }

    private AttributeWriteOutcome? Write(Dictionary<string, string> attributes, AttributeSource source)
    {
        var outcome = _store.WriteAttributes(new AttributeWrite(_conversationId, _customerId, null, attributes, AllowEnded: false, Source: source,
            Writer: _phase == Phase.Ivr ? "Inbound Call Flow" : "In-Queue Call Flow"));
        if (outcome.Status != AttributeWriteStatus.Written)
        {
            _phase = Phase.Ended;
            return null;
        }

        _counters.LifecycleEvent();
        return outcome;
    }

    private void Commit(ConversationChangeKind kind, Func<ConversationSnapshot, ConversationSnapshot> change)
    {
        if (_store.Mutate(_conversationId, kind, change) is null)
        {
            // Disconnected from outside (admin API, host): the timeline stops here.
            _phase = Phase.Ended;
            return;
        }

        _counters.LifecycleEvent();
    }

    private void Enter(Phase phase, DateTimeOffset at, TimeSpan duration)
    {
        if (_phase == Phase.Ended)
        {
            return;
        }

        _phase = phase;
        _phaseEnds = at + Jittered(duration);
    }

    private static Func<ParticipantSnapshot, ParticipantSnapshot> Disconnected(DateTimeOffset at, string disconnectType) =>
        p => p with { State = "disconnected", EndTime = at, DisconnectType = disconnectType };

    private static ConversationSnapshot Update(ConversationSnapshot c, string participantId, Func<ParticipantSnapshot, ParticipantSnapshot> change) =>
        c with { Participants = c.Participants.Select(p => p.Id == participantId ? change(p) : p).ToList() };

    private DateTimeOffset? Next(DateTimeOffset from, TimeSpan interval) =>
        interval > TimeSpan.Zero ? from + Jittered(interval) : null;

    private TimeSpan Jittered(TimeSpan duration)
    {
        var factor = 1 + (_options.Jitter * ((2 * _random.NextDouble()) - 1));
        var jittered = TimeSpan.FromTicks((long)(duration.Ticks * factor));
        return jittered > TimeSpan.FromMilliseconds(1) ? jittered : TimeSpan.FromMilliseconds(1);
    }
}
