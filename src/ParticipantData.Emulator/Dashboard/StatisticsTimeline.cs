using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Dashboard;

/// <summary>
/// The statistics over time for the dashboard's charts: every <see cref="Interval"/> (on the injected clock) the
/// counts since the previous sample of requests, 409s, 429s, 5xx and flow write-backs; the last <see cref="Capacity"/> kept.
/// Sampling starts when the dashboard is first read (so a host nobody watches runs no timer); the first sample
/// holds everything counted before.
/// </summary>
internal sealed class StatisticsTimeline : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public const int Capacity = 300;

    private readonly Lock _gate = new();
    private readonly Queue<TimelineSampleDto> _samples = new();
    private readonly EmulatorCounters _counters;
    private readonly TimeProvider _time;
    private ITimer? _timer;
    private bool _disposed;
    private EmulatorStatistics _previous = new();

    public StatisticsTimeline(EmulatorCounters counters, TimeProvider time)
    {
        _counters = counters;
        _time = time;
    }

    /// <summary>The samples so far; the first call starts the sampling.</summary>
    public List<TimelineSampleDto> Samples()
    {
        lock (_gate)
        {
            if (_timer is null && !_disposed)
            {
                _timer = _time.CreateTimer(_ => Sample(), null, Interval, Interval);
            }

            return _samples.ToList();
        }
    }

    /// <summary>Takes one sample now (the timer's work; tests on a manual clock advance it instead).</summary>
    public void Sample()
    {
        var now = _counters.Snapshot();
        lock (_gate)
        {
            var before = _previous;
            _previous = now;
            _samples.Enqueue(new TimelineSampleDto(
                IsoTime.Format(_time.GetUtcNow()),
                now.Requests - before.Requests,
                now.Count(409) - before.Count(409),
                now.Count(429) - before.Count(429),
                ServerErrors(now) - ServerErrors(before),
                now.FlowWriteBacks - before.FlowWriteBacks));
            while (_samples.Count > Capacity)
            {
                _samples.Dequeue();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }

    private static long ServerErrors(EmulatorStatistics statistics) =>
        statistics.ResponsesByStatus.Where(pair => pair.Key is >= 500 and < 600).Sum(pair => pair.Value);
}
