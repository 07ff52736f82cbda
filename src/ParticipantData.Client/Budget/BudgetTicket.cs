namespace ParticipantData.Client.Budget;

/// <summary>A place in an OAuth client's budget queue: completes when a slot is granted for one request.</summary>
internal sealed class BudgetTicket
{
    private readonly TaskCompletionSource _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal BudgetTicket(RequestBudget budget, RequestPriority priority, TimeSpan queuedAt)
    {
        Budget = budget;
        Priority = priority;
        QueuedAt = queuedAt;
    }

    /// <summary>Where <see cref="QueuedAt"/> and <see cref="GrantedAt"/> are measured from (the budget's clock).</summary>
    internal TimeSpan GrantedAt { get; private set; }

    public RequestBudget Budget { get; }

    public RequestPriority Priority { get; internal set; }

    internal TimeSpan QueuedAt { get; }

    internal LinkedListNode<BudgetTicket>? Node { get; set; }

    /// <summary>How long the ticket waited for its slot (set when granted).</summary>
    public TimeSpan Waited { get; private set; }

    public Task Granted => _granted.Task;

    public bool IsGranted => _granted.Task.IsCompletedSuccessfully;

    internal void Grant(TimeSpan now)
    {
        Waited = now - QueuedAt;
        GrantedAt = now;
        _granted.TrySetResult();
    }

    internal void Abandon() => _granted.TrySetCanceled();

    /// <summary>Moves the ticket ahead when something more urgent joined what it will carry (a first write).</summary>
    public void Raise(RequestPriority priority) => Budget.Raise(this, priority);

    /// <summary>Gives the place up (the caller no longer needs the slot); a granted slot is spent either way.</summary>
    public void Cancel() => Budget.Cancel(this);

    /// <summary>How long, of the time since <paramref name="since"/> (a <see cref="TimeProvider.GetTimestamp"/>), was spent waiting for this slot.</summary>
    public TimeSpan WaitedSince(long since) => Budget.WaitedSince(this, since);

    /// <summary>Roughly when the slot will be granted, from now.</summary>
    public TimeSpan EstimatedWait => Budget.EstimateWait(this);
}
