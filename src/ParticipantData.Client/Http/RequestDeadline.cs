using System.Net;
using ParticipantData.Client.Budget;

namespace ParticipantData.Client.Http;

/// <summary>
/// One logical request (all its attempts and replays): the time it may take, where it queues for the OAuth
/// client's <see cref="RequestBudget"/>, and what each attempt answered, so a failure can say what happened
/// ("3 attempts: 503, 503, timeout"). Not to be confused with <see cref="RequestBudget"/>, the requests per
/// minute the whole OAuth client may send.
/// </summary>
internal sealed class RequestDeadline(TimeProvider time, TimeSpan total, RequestPriority priority = RequestPriority.Update)
{
    private readonly long _started = time.GetTimestamp();
    private readonly List<string> _outcomes = [];
    private BudgetTicket? _ticket;
    private long _queuedTicks;

    /// <summary>Where this request's attempts queue for the OAuth client's request budget.</summary>
    public RequestPriority Priority { get; } = priority;

    /// <summary>Time this request's attempts spent waiting for the request budget.</summary>
    public TimeSpan Queued => TimeSpan.FromTicks(Interlocked.Read(ref _queuedTicks));

    /// <summary>A slot the caller already holds (a writer's lane waited for it): the first attempt spends it.</summary>
    public void Hold(BudgetTicket granted) => _ticket = granted;

    /// <summary>Waits for a slot for one attempt, unless one is held (or there is no budget).</summary>
    public async ValueTask AcquireAsync(RequestBudget? budget, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ticket, null) is not null || budget is null)
        {
            return;
        }

        var waited = await budget.AcquireAsync(Priority, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _queuedTicks, waited.Ticks);
    }

    /// <summary>What is left of <see cref="Total"/>.</summary>
    public TimeSpan Remaining => total - time.GetElapsedTime(_started);

    /// <summary>The longest the request may take, retries and waits included.</summary>
    public TimeSpan Total => total;

    /// <summary>Attempts that completed (with an answer, a timeout or a connection failure).</summary>
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

    /// <summary>Records an attempt's answer by its status code.</summary>
    public void Record(HttpStatusCode status) => Record(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Records an attempt's outcome as given.</summary>
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

    /// <summary>The attempts so far, for an error message: "3 attempts: 503, 503, timeout".</summary>
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
