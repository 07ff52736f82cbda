namespace ParticipantData.Emulator.Faults;

/// <summary>
/// One rule of a fault plan: which requests it counts (<c>Route</c>), when it fires (<c>Trigger</c>), what it
/// does (<c>Action</c>), and at most how many times (<c>Limit</c>, null = no limit). A rule with a
/// <see cref="SocketAction"/> counts the frames sent on the notification sockets its route matches
/// (<c>/channels/{channelId}</c>), only those of <c>Topic</c> when it is given, instead of requests.
/// </summary>
internal sealed record FaultRule(string Name, RoutePattern Route, FaultTrigger Trigger, FaultAction Action, long? Limit, TopicPattern? Topic = null)
{
    public bool IsSocketRule => Action is SocketAction;
}

/// <summary>When a rule fires, given the 1-based number of the request among those its route matched.</summary>
internal abstract record FaultTrigger
{
    /// <param name="number">1-based number of the request among the rule's matches.</param>
    /// <param name="unit">A deterministic uniform draw in [0, 1) for (seed, rule, number).</param>
    public abstract bool Fires(long number, double unit);
}

/// <summary>Fires with a probability, drawn per request from the seed.</summary>
internal sealed record ProbabilityTrigger(double Probability) : FaultTrigger
{
    public override bool Fires(long number, double unit) => unit < Probability;
}

/// <summary>Fires on requests N, 2N, 3N... and the <c>Burst</c> − 1 requests after each.</summary>
internal sealed record EveryTrigger(long Every, long Burst) : FaultTrigger
{
    public override bool Fires(long number, double unit) => number >= Every && number % Every < Burst;
}

/// <summary>Fires on the listed request numbers.</summary>
internal sealed record RequestsTrigger(IReadOnlyList<long> Numbers) : FaultTrigger
{
    private readonly HashSet<long> _set = [.. Numbers];

    public override bool Fires(long number, double unit) => _set.Contains(number);
}

/// <summary>Fires on the listed frame numbers of a channel (socket rules; 1 = the first frame the rule counted on the channel).</summary>
internal sealed record FramesTrigger(IReadOnlyList<long> Numbers) : FaultTrigger
{
    private readonly HashSet<long> _set = [.. Numbers];

    public override bool Fires(long number, double unit) => _set.Contains(number);
}

/// <summary>Fires once per socket, <c>After</c> its connect on the emulator's clock (socket rules); never on a frame.</summary>
internal sealed record AfterConnectTrigger(TimeSpan After) : FaultTrigger
{
    public override bool Fires(long number, double unit) => false;
}

internal abstract record FaultAction
{
    /// <summary>The JSON <c>type</c>.</summary>
    public abstract string Type { get; }

    /// <summary>A terminating action answers the request itself; latency only delays it.</summary>
    public virtual bool Terminates => true;
}

/// <summary>Answers with an error status (one of <c>Statuses</c>, picked per request from the seed).</summary>
internal sealed record StatusAction(IReadOnlyList<int> Statuses, int? RetryAfterSeconds, string? Code, string? Message) : FaultAction
{
    public override string Type => "status";
}

/// <summary>Delays the request, then lets it go on (other rules may still answer it).</summary>
internal sealed record LatencyAction(LatencyDistribution Distribution) : FaultAction
{
    public override string Type => "latency";

    public override bool Terminates => false;
}

/// <summary>Aborts the connection without an answer (<c>HttpContext.Abort()</c>).</summary>
internal sealed record ResetAction : FaultAction
{
    public override string Type => "reset";
}

/// <summary>Revokes every token of the caller's OAuth client: this request and the next ones get <c>401 bad.credentials</c>.</summary>
internal sealed record RevokeTokenAction : FaultAction
{
    public override string Type => "revokeToken";
}

/// <summary>
/// A fault on an open notification socket. The fault plan and the admin API
/// (<c>/emulator/v1/notifications/channels/{id}/...</c>) both apply them through
/// <see cref="Notifications.ChannelFaults.Apply"/>.
/// </summary>
internal abstract record SocketAction : FaultAction
{
    /// <summary>True when the socket is gone right after it (dropped, or closed at once); later rules do not act on the same frame.</summary>
    public virtual bool EndsSocket => false;
}

/// <summary>Aborts the socket without a close frame (a network failure); the channel stays.</summary>
internal sealed record DropSocketAction : SocketAction
{
    public override string Type => "dropSocket";

    public override bool EndsSocket => true;
}

/// <summary>Sends <c>v2.system.socket_closing</c>, then closes (<c>1001</c>) after <c>Delay</c> (null = <c>NotificationOptions.SocketClosingDelay</c>); the channel stays.</summary>
internal sealed record CloseSocketAction(TimeSpan? Delay) : SocketAction
{
    public override string Type => "closeSocket";
}

/// <summary>No heartbeats on the channel for <c>Duration</c> (null = until started again); pings are still answered.</summary>
internal sealed record StopHeartbeatsAction(TimeSpan? Duration) : SocketAction
{
    public override string Type => "stopHeartbeats";
}

/// <summary>Heartbeats again (the admin API's <c>start-heartbeats</c>; not a fault plan action).</summary>
internal sealed record StartHeartbeatsAction : SocketAction
{
    public override string Type => "startHeartbeats";
}

/// <summary>Expires the channel now, as its lifetime ending does: <c>socket_closing</c>, a close, and the channel is gone.</summary>
internal sealed record ExpireChannelAction : SocketAction
{
    public override string Type => "expireChannel";

    public override bool EndsSocket => true;
}

/// <summary>Removes the channel as an eviction does: <c>v2.system.no_longer_subscribed.{channelId}</c>, a close, and the channel is gone.</summary>
internal sealed record EvictChannelAction : SocketAction
{
    public override string Type => "evictChannel";

    public override bool EndsSocket => true;
}

/// <summary>Added latency: fixed, uniform, normal (clipped at 0) or log-normal, in milliseconds.</summary>
internal abstract record LatencyDistribution
{
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    public abstract string Name { get; }

    /// <summary>A sample from two independent uniform draws in [0, 1).</summary>
    public TimeSpan Sample(double u1, double u2) =>
        TimeSpan.FromMilliseconds(Math.Clamp(SampleMilliseconds(u1, u2), 0, Max.TotalMilliseconds));

    protected abstract double SampleMilliseconds(double u1, double u2);

    protected static double StandardNormal(double u1, double u2) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
}

internal sealed record FixedLatency(double Ms) : LatencyDistribution
{
    public override string Name => "fixed";

    protected override double SampleMilliseconds(double u1, double u2) => Ms;
}

internal sealed record UniformLatency(double MinMs, double MaxMs) : LatencyDistribution
{
    public override string Name => "uniform";

    protected override double SampleMilliseconds(double u1, double u2) => MinMs + (u1 * (MaxMs - MinMs));
}

internal sealed record NormalLatency(double MeanMs, double StdDevMs) : LatencyDistribution
{
    public override string Name => "normal";

    protected override double SampleMilliseconds(double u1, double u2) => MeanMs + (StdDevMs * StandardNormal(u1, u2));
}

internal sealed record LogNormalLatency(double MedianMs, double Sigma) : LatencyDistribution
{
    public override string Name => "lognormal";

    protected override double SampleMilliseconds(double u1, double u2) => MedianMs * Math.Exp(Sigma * StandardNormal(u1, u2));
}
