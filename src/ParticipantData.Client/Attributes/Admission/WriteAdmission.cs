using System.Collections.Concurrent;
using System.Globalization;
using ParticipantData.Client.Budget;

namespace ParticipantData.Client.Attributes.Admission;

/// <summary>
/// Admits writes to participant lanes and sends them within the OAuth client's request budget: a lane waits for a
/// slot with one ticket, and when the slot comes everything queued for the participant meanwhile goes out in one
/// PATCH (so coalescing grows with demand); lanes queue first come first served, so none starves. A write the
/// budget cannot serve before its deadline fails at once with <see cref="FailureReason.BudgetExhausted"/>.
/// </summary>
internal sealed class WriteAdmission
{
    /// <summary>Participants remembered for first-write priority; past this many the memory is cleared (a rare update then goes first).</summary>
    private const int CommittedCapacity = 10_000;

    private readonly ConcurrentDictionary<(ConversationId, ParticipantId), ParticipantLane> _lanes = new();
    private readonly ConcurrentDictionary<(ConversationId, ParticipantId), HashSet<string>> _committed = new();
    private readonly TimeProvider _time;
    private readonly RequestBudget? _budget;
    private readonly AttributeWriterOptions _options;
    private readonly Func<(ConversationId, ParticipantId), ParticipantLane, PendingWrites, BudgetTicket?, Task<BatchResult>> _send;

    public WriteAdmission(
        TimeProvider time,
        RequestBudget? budget,
        AttributeWriterOptions options,
        Func<(ConversationId, ParticipantId), ParticipantLane, PendingWrites, BudgetTicket?, Task<BatchResult>> send)
    {
        _time = time;
        _budget = budget;
        _options = options;
        _send = send;
    }

    /// <summary>Queues values on the participant's lane, or answers at once that the budget cannot serve them in time.</summary>
    public Task<BatchResult> Submit(
        (ConversationId, ParticipantId) key,
        IReadOnlyDictionary<string, string> attributes,
        WriteWaiter waiter,
        bool reapply)
    {
        while (true)
        {
            var lane = _lanes.GetOrAdd(key, static _ => new ParticipantLane());
            bool start;
            lock (lane.Gate)
            {
                if (lane.Retired)
                {
                    continue; // lost a race with the pump retiring an idle lane: take the fresh one
                }

                var priority = reapply || IsUpdate(key, attributes) ? RequestPriority.Update : RequestPriority.FirstWrite;
                if (!reapply && Refusal(lane, priority, waiter) is { } refused)
                {
                    return Task.FromResult(refused);
                }

                lane.Pending ??= new PendingWrites();
                lane.Pending.Add(attributes, waiter, reapply, priority);
                lane.Ticket?.Raise(priority);
                start = !lane.Running;
                if (start && _budget is not null)
                {
                    lane.Ticket = _budget.Enqueue(priority); // queued in call order, whenever the pump gets to run
                }

                lane.Running = true;
            }

            if (start)
            {
                _ = Task.Run(() => PumpAsync(key, lane), CancellationToken.None);
            }

            return waiter.Result.Task;
        }
    }

    /// <summary>
    /// Waits for a budget slot for the lane's next attempt, for as long as the latest deadline of what the batch
    /// carries allows (writes joining meanwhile extend it). Null when none came in time.
    /// </summary>
    public async Task<(BudgetTicket? Ticket, TimeSpan Waited)> AcquireAsync(ParticipantLane lane, PendingWrites batch)
    {
        if (_budget is null)
        {
            return (null, TimeSpan.Zero);
        }

        BudgetTicket ticket;
        lock (lane.Gate)
        {
            ticket = lane.Ticket ??= _budget.Enqueue(batch.Priority);
            if (lane.Pending is { } pending)
            {
                ticket.Raise(pending.Priority);
            }
        }

        try
        {
            while (!ticket.IsGranted)
            {
                DateTimeOffset deadline;
                lock (lane.Gate)
                {
                    deadline = lane.Pending is { } pending && pending.Deadline > batch.Deadline ? pending.Deadline : batch.Deadline;
                }

                var remaining = deadline - _time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    ticket.Cancel();
                    return ticket.IsGranted ? (ticket, ticket.Waited) : (null, TimeSpan.Zero);
                }

                try
                {
                    await ticket.Granted.WaitAsync(remaining, _time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Look again: a write that joined meanwhile may have a later deadline.
                }
            }

            return (ticket, ticket.Waited);
        }
        finally
        {
            lock (lane.Gate)
            {
                lane.Ticket = null;
            }
        }
    }

    /// <summary>Moves what arrived while the lane waited into <paramref name="batch"/>; each arrival's budget wait ends with <paramref name="slot"/>.</summary>
    public void Absorb(ParticipantLane lane, PendingWrites batch, BudgetTicket? slot)
    {
        PendingWrites? pending;
        lock (lane.Gate)
        {
            pending = lane.Pending;
            lane.Pending = null;
        }

        if (pending is not null && !ReferenceEquals(pending, batch))
        {
            batch.Absorb(pending);
        }

        if (slot is null)
        {
            return;
        }

        foreach (var waiter in batch.Waiters.Where(w => !w.Absorbed))
        {
            waiter.Absorbed = true;
            waiter.QueuedForBudget = slot.WaitedSince(waiter.SubmittedAt);
        }
    }

    /// <summary>The platform accepted these keys: later writes of them are updates (they outlive the lane, which retires when idle).</summary>
    public void Committed((ConversationId, ParticipantId) key, IEnumerable<string> keys)
    {
        if (_committed.Count > CommittedCapacity)
        {
            _committed.Clear();
        }

        var known = _committed.GetOrAdd(key, static _ => new HashSet<string>(StringComparer.Ordinal));
        lock (known)
        {
            known.UnionWith(keys);
        }
    }

    private bool IsUpdate((ConversationId, ParticipantId) key, IReadOnlyDictionary<string, string> attributes)
    {
        if (!_committed.TryGetValue(key, out var known))
        {
            return false;
        }

        lock (known)
        {
            return attributes.Keys.All(known.Contains);
        }
    }

    private BatchResult? Refusal(ParticipantLane lane, RequestPriority priority, WriteWaiter waiter)
    {
        if (_budget is null)
        {
            return null;
        }

        // Joining a lane that already waits: its ticket (raised to this priority) carries the write.
        lane.Ticket?.Raise(priority);
        var wait = lane.Ticket?.EstimatedWait ?? _budget.EstimateWait(priority);
        var remaining = waiter.Deadline - _time.GetUtcNow();
        if (wait + _options.BudgetMargin < remaining)
        {
            return null;
        }

        var queued = _budget.Queued;
        return new BatchResult(
            WriteOutcome.Failed,
            FailureReason.BudgetExhausted,
            string.Create(
                CultureInfo.InvariantCulture,
                $"the request budget of this OAuth client ({_budget.Limit} requests per {_budget.Window.TotalSeconds:0} s) cannot serve this write within its deadline: " +
                $"{queued} request{(queued == 1 ? " is" : "s are")} queued, the next slot for it is about {wait.TotalSeconds:0.0} s away and {Math.Max(0, remaining.TotalSeconds):0.0} s remain; nothing was sent"),
            0,
            0,
            0);
    }

    private async Task PumpAsync((ConversationId, ParticipantId) key, ParticipantLane lane)
    {
        while (true)
        {
            PendingWrites batch;
            lock (lane.Gate)
            {
                if (lane.Pending is null)
                {
                    lane.Running = false;
                    lane.Retired = true;
                    _lanes.TryRemove(new KeyValuePair<(ConversationId, ParticipantId), ParticipantLane>(key, lane));
                    return;
                }

                batch = lane.Pending;
            }

            var (ticket, _) = await AcquireAsync(lane, batch).ConfigureAwait(false);
            Absorb(lane, batch, ticket);

            BatchResult result;
            if (_budget is not null && ticket is null)
            {
                result = BatchResult.Fail(FailureReason.DeadlinePassed, "the deadline passed while the write waited for the request budget; nothing was sent", batch.Tally);
            }
            else
            {
                try
                {
                    result = await _send(key, lane, batch, ticket).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    result = BatchResult.Fail(FailureReason.Rejected, $"unexpected failure: {e.Message}", batch.Tally);
                }
            }

            result = result with { Coalesced = batch.Waiters.Count };
            foreach (var waiter in batch.Waiters)
            {
                waiter.Result.TrySetResult(result);
            }
        }
    }
}
