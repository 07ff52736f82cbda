using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Monitoring;

/// <summary>Why a write failed, as a metric label.</summary>
internal enum FailureKind
{
    ConversationEnded,
    Deadline,
    Rejected,
    ParticipantNotFound,
    Enrichment,
}

/// <summary>The relay's counters, and their Prometheus text form (<c>GET /metrics</c>).</summary>
internal sealed class RelayMetrics
{
    private static readonly double[] LatencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
    private readonly long[] _latencyCounts = new long[LatencyBuckets.Length + 1];
    private readonly ConcurrentDictionary<FailureKind, long> _failed = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, int Requests)> _requestSamples = new();
    private long _accepted;
    private long _duplicates;
    private long _applied;
    private long _platformRequestsAtStart = -1;
    private double _latencySum;
    private long _latencyCount;
    private readonly Lock _latencyGate = new();

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Applied => Interlocked.Read(ref _applied);

    public long Failed => _failed.Values.Sum();

    public void OnAccepted() => Interlocked.Increment(ref _accepted);

    public void OnDuplicate() => Interlocked.Increment(ref _duplicates);

    public void OnApplied(int count, IEnumerable<TimeSpan> latencies)
    {
        Interlocked.Add(ref _applied, count);
        lock (_latencyGate)
        {
            foreach (var latency in latencies)
            {
                var seconds = latency.TotalSeconds;
                var bucket = Array.FindIndex(LatencyBuckets, b => seconds <= b);
                _latencyCounts[bucket < 0 ? LatencyBuckets.Length : bucket]++;
                _latencySum += seconds;
                _latencyCount++;
            }
        }
    }

    public void OnFailed(FailureKind kind, int count) => _failed.AddOrUpdate(kind, count, (_, n) => n + count);

    /// <summary>Notes the platform request counter, so the budget used over the last minute can be told.</summary>
    public void SamplePlatformRequests(DateTimeOffset now, int requests)
    {
        if (Interlocked.Read(ref _platformRequestsAtStart) < 0)
        {
            Interlocked.Exchange(ref _platformRequestsAtStart, requests);
        }

        _requestSamples.Enqueue((now, requests));
        while (_requestSamples.TryPeek(out var oldest) && now - oldest.At > TimeSpan.FromSeconds(70))
        {
            _requestSamples.TryDequeue(out _);
        }
    }

    public int RequestsInLastMinute(DateTimeOffset now, int requests)
    {
        var since = now - TimeSpan.FromMinutes(1);
        var baseline = _requestSamples.Where(s => s.At >= since).Select(s => (int?)s.Requests).FirstOrDefault() ?? requests;
        return Math.Max(0, requests - baseline);
    }

    public string Render(QueueStatistics queue, DateTimeOffset now, int platformRequests, int requestsPerMinute)
    {
        SamplePlatformRequests(now, platformRequests);
        var text = new StringBuilder();
        Metric(text, "pdata_relay_writes_accepted_total", "counter", "Writes and enrichments accepted (durably stored and acknowledged).", Accepted);
        Metric(text, "pdata_relay_writes_duplicate_total", "counter", "Requests answered with an earlier write of the same idempotency key.", Interlocked.Read(ref _duplicates));
        Metric(text, "pdata_relay_writes_applied_total", "counter", "Writes the platform accepted.", Applied);
        text.Append("# HELP pdata_relay_writes_failed_total Writes that will not be delivered, by reason.\n# TYPE pdata_relay_writes_failed_total counter\n");
        foreach (var kind in Enum.GetValues<FailureKind>())
        {
            text.Append(CultureInfo.InvariantCulture, $"pdata_relay_writes_failed_total{{reason=\"{Label(kind)}\"}} {_failed.GetValueOrDefault(kind)}\n");
        }

        Metric(text, "pdata_relay_queue_depth", "gauge", "Writes stored and not yet delivered.", queue.Queued);
        Metric(text, "pdata_relay_queue_oldest_age_seconds", "gauge", "Age of the oldest queued write (0 when the queue is empty).", queue.OldestQueuedAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0);
        Metric(text, "pdata_relay_platform_requests_total", "counter", "Requests sent to the platform API by this relay (its OAuth client's budget).", platformRequests);
        Metric(text, "pdata_relay_budget_used_last_minute", "gauge", "Platform API requests in the last minute.", RequestsInLastMinute(now, platformRequests));
        Metric(text, "pdata_relay_budget_limit_per_minute", "gauge", "The OAuth client's request budget per minute.", requestsPerMinute);
        text.Append("# HELP pdata_relay_delivery_latency_seconds From acceptance to the platform's acceptance.\n# TYPE pdata_relay_delivery_latency_seconds histogram\n");
        lock (_latencyGate)
        {
            long cumulative = 0;
            for (var i = 0; i < LatencyBuckets.Length; i++)
            {
                cumulative += _latencyCounts[i];
                text.Append(CultureInfo.InvariantCulture, $"pdata_relay_delivery_latency_seconds_bucket{{le=\"{LatencyBuckets[i]}\"}} {cumulative}\n");
            }

            cumulative += _latencyCounts[^1];
            text.Append(CultureInfo.InvariantCulture, $"pdata_relay_delivery_latency_seconds_bucket{{le=\"+Inf\"}} {cumulative}\n");
            text.Append(CultureInfo.InvariantCulture, $"pdata_relay_delivery_latency_seconds_sum {_latencySum}\n");
            text.Append(CultureInfo.InvariantCulture, $"pdata_relay_delivery_latency_seconds_count {_latencyCount}\n");
        }

        return text.ToString();
    }

    public static string Label(FailureKind kind) => kind switch
    {
        FailureKind.ConversationEnded => "conversation_ended",
        FailureKind.Deadline => "deadline",
        FailureKind.Rejected => "rejected",
        FailureKind.ParticipantNotFound => "participant_not_found",
        _ => "enrichment",
    };

    private static void Metric(StringBuilder text, string name, string type, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
