using System.Collections.Frozen;
using System.Net.WebSockets;
using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Faults.Rules;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// Fault injection on the channels' sockets: the one implementation of each fault, for the admin API
/// (<c>POST /emulator/v1/notifications/channels/{id}/drop|socket-closing|stop-heartbeats|start-heartbeats|expire|evict</c>)
/// and the fault plan's socket rules (<c>dropSocket</c>, <c>closeSocket</c>, <c>stopHeartbeats</c>,
/// <c>expireChannel</c>, <c>evictChannel</c>) alike. The plan's rules count the frames each socket is about to
/// send (<see cref="BeforeSend"/>) and its <c>afterMs</c> rules are timed from each connect.
/// </summary>
internal sealed class ChannelFaults : IConnectionHooks, IDisposable
{
    private readonly ChannelRegistry _channels;
    private readonly FaultPlanHolder _faults;
    private readonly EmulatorCounters _counters;
    private readonly TimeProvider _time;

    public ChannelFaults(ChannelRegistry channels, FaultPlanHolder faults, EmulatorCounters counters, TimeProvider time)
    {
        _channels = channels;
        _faults = faults;
        _counters = counters;
        _time = time;
        faults.Changed += OnFaultPlanChanged;
    }

    /// <summary>The admin API's fault names and the action each applies.</summary>
    public static FrozenDictionary<string, SocketAction> AdminFaults { get; } = new Dictionary<string, SocketAction>(StringComparer.Ordinal)
    {
        ["drop"] = new DropSocketAction(),
        ["stop-heartbeats"] = new StopHeartbeatsAction(null),
        ["start-heartbeats"] = new StartHeartbeatsAction(),
        ["socket-closing"] = new CloseSocketAction(null),
        ["expire"] = new ExpireChannelAction(),
        ["evict"] = new EvictChannelAction(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Applies <paramref name="fault"/> to <paramref name="channel"/>. False when it needs a connected socket and
    /// there is none (<c>drop</c>, <c>socket-closing</c>; also when a close is already announced), or the channel is gone.
    /// </summary>
    public bool Apply(NotificationChannel channel, SocketAction fault)
    {
        switch (fault)
        {
            case DropSocketAction:
                var dropped = _channels.ConnectionOf(channel);
                dropped?.Abort();
                return dropped is not null;
            case CloseSocketAction close:
                // socket_closing, then a close (1001) after the delay; refused when a close was already announced.
                return _channels.ConnectionOf(channel) is { } connection
                    && connection.AnnounceClose(SystemFrames.SocketClosingTopic, SystemFrames.SocketClosing(),
                        close.Delay ?? _channels.Settings.SocketClosingDelay, WebSocketCloseStatus.EndpointUnavailable, "Socket closing");
            case StopHeartbeatsAction stop:
                _channels.StopHeartbeats(channel, stop.Duration);
                return true;
            case StartHeartbeatsAction:
                _channels.StartHeartbeats(channel);
                return true;
            case ExpireChannelAction:
                return _channels.Expire(channel.Id);
            case EvictChannelAction:
                return _channels.Evict(channel);
            default:
                throw new InvalidOperationException("Unknown socket fault " + fault.Type);
        }
    }

    /// <summary>The fault plan's socket rules count the frame and the ones that fire act now.</summary>
    public bool BeforeSend(ChannelConnection connection, string topic)
    {
        if (_faults.Current is not { HasSocketRules: true } plan)
        {
            return true;
        }

        foreach (var action in plan.DecideFrame(connection.Owner, topic))
        {
            _counters.FaultInjected(1);
            Apply(connection.Owner, action);
        }

        return !connection.IsAborted;
    }

    /// <summary>Arms the fault plan's <c>afterMs</c> rules on a socket just accepted.</summary>
    public void Accepted(ChannelConnection connection) => ArmTimedFaults(connection, _faults.Current);

    public void Dispose() => _faults.Changed -= OnFaultPlanChanged;

    /// <summary>A new plan (or none): the timed socket rules are armed anew on every open socket, timed from its connect.</summary>
    private void OnFaultPlanChanged(ActiveFaultPlan? plan)
    {
        foreach (var connection in _channels.Connections().Where(c => c.IsRunning))
        {
            ArmTimedFaults(connection, plan);
        }
    }

    private void ArmTimedFaults(ChannelConnection connection, ActiveFaultPlan? plan)
    {
        if (plan is not { HasSocketRules: true })
        {
            connection.ReplaceFaultTimers([]);
            if (!ReferenceEquals(_faults.Current, plan))
            {
                ArmTimedFaults(connection, _faults.Current);
            }

            return;
        }

        var timers = new List<ITimer>();
        var now = _time.GetUtcNow();
        foreach (var (rule, after) in plan.TimedRules(connection.Owner))
        {
            var dueIn = connection.ConnectedAt + after - now;
            timers.Add(_time.CreateTimer(_ => FireTimed(connection, plan, rule), null, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        connection.ReplaceFaultTimers(timers);
        if (!ReferenceEquals(_faults.Current, plan))
        {
            ArmTimedFaults(connection, _faults.Current); // a plan was installed meanwhile: it wins
        }
    }

    private void FireTimed(ChannelConnection connection, ActiveFaultPlan plan, int rule)
    {
        if (!_channels.IsCurrent(connection))
        {
            return;
        }

        if (ReferenceEquals(_faults.Current, plan) && !connection.IsAborted && plan.FireTimed(rule) is { } action)
        {
            _counters.FaultInjected(1);
            Apply(connection.Owner, action);
        }
    }
}
