using ParticipantData.Client.Budget;

namespace ParticipantData.Client.Attributes.Admission;

/// <summary>
/// Everything queued for one participant that goes out in one PATCH: the last value per key in call order,
/// the callers waiting for it, and the strictest of their settings.
/// </summary>
internal sealed class PendingWrites
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public List<WriteWaiter> Waiters { get; } = [];

    /// <summary>Keys queued by an Ensure re-apply: their values are taken from what is ensured when the PATCH goes out.</summary>
    public HashSet<string> ReapplyKeys { get; } = new(StringComparer.Ordinal);

    public WriteTally Tally { get; } = new();

    public DateTimeOffset Deadline { get; private set; } = DateTimeOffset.MinValue;

    public VerifyMode Verify { get; private set; }

    public DateTimeOffset EnsureUntil { get; private set; } = DateTimeOffset.MinValue;

    public RequestPriority Priority { get; private set; } = RequestPriority.Verification;

    public void Add(IReadOnlyDictionary<string, string> attributes, WriteWaiter waiter, bool reapply, RequestPriority priority)
    {
        foreach (var (key, value) in attributes)
        {
            Put(key, value, reapply);
        }

        Join(waiter, priority);
    }

    /// <summary>Takes in a newer batch (queued while this one waited to be retried): its values win, except re-applies.</summary>
    public void Absorb(PendingWrites newer)
    {
        foreach (var (key, value) in newer.Values)
        {
            Put(key, value, newer.ReapplyKeys.Contains(key));
        }

        foreach (var waiter in newer.Waiters)
        {
            waiter.Batch = this;
            Join(waiter, newer.Priority);
        }
    }

    private void Put(string key, string value, bool reapply)
    {
        if (reapply)
        {
            // A re-apply never overrides a newer queued write; its value is settled when the PATCH goes out.
            if (Values.TryAdd(key, value))
            {
                ReapplyKeys.Add(key);
            }
        }
        else
        {
            Values[key] = value;
            ReapplyKeys.Remove(key);
        }
    }

    private void Join(WriteWaiter waiter, RequestPriority priority)
    {
        Waiters.Add(waiter);
        waiter.Batch = this;
        Deadline = waiter.Deadline > Deadline ? waiter.Deadline : Deadline;
        Verify = waiter.Verify > Verify ? waiter.Verify : Verify;
        EnsureUntil = waiter.EnsureUntil > EnsureUntil ? waiter.EnsureUntil : EnsureUntil;
        Priority = priority < Priority ? priority : Priority;
    }
}
