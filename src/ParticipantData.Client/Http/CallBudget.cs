using System.Net;

namespace ParticipantData.Client.Http;

/// <summary>
/// What one logical call (all its attempts) has spent so far: the time budget it started with and what
/// each attempt answered, so a failure can say what happened ("3 attempts: 503, 503, timeout").
/// </summary>
internal sealed class CallBudget(TimeProvider time, TimeSpan total)
{
    private readonly long _started = time.GetTimestamp();
    private readonly List<string> _outcomes = [];

    public TimeSpan Remaining => total - time.GetElapsedTime(_started);

    public TimeSpan Total => total;

    public int Attempts
    {
        get
        {
            lock (_outcomes)
            {
                return _outcomes.Count;
            }
        }
    }

    /// <summary>Runs one attempt and records what it got: its status, "timeout" or "connection failure".</summary>
    public async Task<HttpResponseMessage> AttemptAsync(Func<Task<HttpResponseMessage>> attempt, CancellationToken attemptToken, CancellationToken callerToken)
    {
        try
        {
            var response = await attempt().ConfigureAwait(false);
            Record(response.StatusCode);
            return response;
        }
        catch (Exception e) when (!callerToken.IsCancellationRequested)
        {
            Record(attemptToken.IsCancellationRequested || e is OperationCanceledException ? "timeout" : "connection failure");
            throw;
        }
    }

    public void Record(HttpStatusCode status) => Record(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Record(string outcome)
    {
        lock (_outcomes)
        {
            _outcomes.Add(outcome);
        }
    }

    /// <summary>How many attempts ended with <paramref name="outcome"/> (e.g. "429").</summary>
    public int Count(string outcome)
    {
        lock (_outcomes)
        {
            return _outcomes.Count(o => o == outcome);
        }
    }

    public string Describe()
    {
        lock (_outcomes)
        {
            return _outcomes.Count == 0
                ? "no attempt completed"
                : $"{_outcomes.Count} attempt{(_outcomes.Count == 1 ? "" : "s")}: {string.Join(", ", _outcomes)}";
        }
    }
}
