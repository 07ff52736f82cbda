using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ParticipantData.Client;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Monitoring;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Delivery;

/// <summary>
/// Takes queued writes from the store and delivers them, one conversation at a time each (so a key's values
/// reach the platform in acceptance order) and many conversations at once. The writes queued for a
/// participant go out as one PATCH (last value per key wins, in acceptance order). A write that fails for a
/// reason that may pass (throttling, outage) stays queued and is retried with backoff until its deadline;
/// one refused for good, or whose conversation has ended, fails with the reason.
/// </summary>
internal sealed class DeliveryService : IAsyncDisposable
{
    private const int ScanLimit = 5000;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);
    private readonly IRelayStore _store;
    private readonly AttributeDelivery _delivery;
    private readonly EnrichmentRunner _enrichments;
    private readonly RelayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxConcurrent;
    private readonly TimeSpan _pollInterval;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset NotBefore, int Failures)> _backoff = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<WriteId, Task> _enriching = new();
    private Task? _loop;

    public DeliveryService(IRelayStore store, AttributeDelivery delivery, EnrichmentRunner enrichments, RelayMetrics metrics, TimeProvider time, ILogger logger, int maxConcurrent, TimeSpan pollInterval)
    {
        _store = store;
        _delivery = delivery;
        _enrichments = enrichments;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxConcurrent = maxConcurrent;
        _pollInterval = pollInterval;
    }

    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>New work is queued: look now rather than at the next poll.</summary>
    public void Signal() => Volatile.Read(ref _wake).TrySetResult();

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake);
            try
            {
                await ScanAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The relay could not read its queue; retrying.");
            }

            using (var sleep = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                var delay = Task.Delay(_pollInterval, _time, sleep.Token);
                await Task.WhenAny(wake.Task, delay).ConfigureAwait(false);
                await sleep.CancelAsync().ConfigureAwait(false);
            }

            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }

    private async Task ScanAsync(CancellationToken token)
    {
        var queued = await _store.ListQueuedAsync(ScanLimit, token).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        foreach (var write in queued)
        {
            if (write.Accepted.Kind == WriteKind.Enrichment && write.Attributes is null && !_enriching.ContainsKey(write.Id))
            {
                _enriching[write.Id] = Task.Run(() => EnrichAsync(write, token), CancellationToken.None);
            }
        }

        foreach (var group in queued.GroupBy(w => w.Accepted.ConversationId, StringComparer.Ordinal))
        {
            if (_inFlight.Count >= _maxConcurrent)
            {
                break;
            }

            if (_inFlight.ContainsKey(group.Key) || (_backoff.TryGetValue(group.Key, out var wait) && wait.NotBefore > now))
            {
                continue;
            }

            // In acceptance order, up to the first enrichment still waiting for its data action.
            var ready = group.TakeWhile(w => w.Attributes is not null).ToList();
            if (ready.Count == 0)
            {
                continue;
            }

            var conversation = group.Key;
            var task = new Task<Task>(() => DeliverConversationAsync(conversation, ready, token));
            if (_inFlight.TryAdd(conversation, task.Unwrap()))
            {
                task.Start(TaskScheduler.Default);
            }
        }
    }

    private async Task EnrichAsync(StoredWrite write, CancellationToken token)
    {
        try
        {
            var outcome = await _enrichments.RunAsync(write.Accepted.Source!, write.Accepted.InputsJson ?? "{}", token).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (outcome.Attributes is not null)
            {
                await _store.ResolveEnrichmentAsync(write.Id, outcome.Attributes, now, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                _logger.LogWarning("Enrichment {WriteId} failed: {Reason}", write.Id, outcome.Failure);
                await _store.CompleteAsync(
                    [new WriteCompletion
                    {
                        Id = write.Id,
                        Status = WriteStatus.Failed,
                        Reason = "enrichment failed: " + outcome.Failure,
                        EndpointStatus = outcome.EndpointStatus,
                        EndpointBody = outcome.EndpointBody,
                        At = now,
                    }],
                    CancellationToken.None).ConfigureAwait(false);
                _metrics.OnFailed(FailureKind.Enrichment, 1);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: the enrichment stays queued and runs again at the next start.
        }
        finally
        {
            _enriching.TryRemove(write.Id, out _);
            Signal();
        }
    }

    private async Task DeliverConversationAsync(string conversation, List<StoredWrite> writes, CancellationToken token)
    {
        try
        {
            var now = _time.GetUtcNow();
            var expired = writes.Where(w => w.Accepted.DeadlineAt <= now).ToList();
            if (expired.Count > 0)
            {
                await FailAsync(expired, FailureKind.Deadline, w => $"the deadline passed before the write could be delivered (accepted {w.Accepted.AcceptedAt:O}, deadline {w.Accepted.DeadlineAt:O}){LastReason(w)}").ConfigureAwait(false);
            }

            var live = writes.Except(expired).ToList();
            var retry = false;
            foreach (var target in live.GroupBy(w => w.Accepted.ParticipantId ?? "purpose:" + w.Accepted.Purpose, StringComparer.Ordinal))
            {
                retry |= !await DeliverTargetAsync(conversation, target.ToList(), token).ConfigureAwait(false);
            }

            if (retry)
            {
                var failures = _backoff.TryGetValue(conversation, out var previous) ? previous.Failures + 1 : 1;
                var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures - 1)));
                _backoff[conversation] = (_time.GetUtcNow() + delay, failures);
            }
            else
            {
                _backoff.TryRemove(conversation, out _);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: what was not completed stays queued (or marked delivering) for the next start.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Delivery to conversation {Conversation} failed unexpectedly; it will be retried.", conversation);
        }
        finally
        {
            _inFlight.TryRemove(conversation, out _);
            Signal();
        }
    }

    /// <summary>Delivers one participant's writes as one PATCH; false when they stay queued for a retry.</summary>
    private async Task<bool> DeliverTargetAsync(string conversation, List<StoredWrite> writes, CancellationToken token)
    {
        var first = writes[0].Accepted;
        string participantId;
        if (first.ParticipantId is { } id)
        {
            participantId = id;
        }
        else
        {
            string? resolved;
            try
            {
                resolved = await _delivery.ResolveAsync(conversation, first.Purpose!, token).ConfigureAwait(false);
            }
            catch (ParticipantDataException e)
            {
                return await OnReadFailureAsync(writes, e).ConfigureAwait(false);
            }

            if (resolved is null)
            {
                await FailAsync(writes, FailureKind.ParticipantNotFound, _ => $"conversation {conversation} has no '{first.Purpose}' participant").ConfigureAwait(false);
                return true;
            }

            participantId = resolved;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            foreach (var (key, value) in write.Attributes!)
            {
                values[key] = value; // acceptance order: the last value of a key wins
            }
        }

        if (writes.Any(w => w.Delivering))
        {
            // The relay stopped while delivering these: the PATCH may have landed. Send only what the participant lacks.
            ParticipantState? state;
            try
            {
                state = await _delivery.ReadAsync(conversation, participantId, token).ConfigureAwait(false);
            }
            catch (ParticipantDataException e)
            {
                return await OnReadFailureAsync(writes, e).ConfigureAwait(false);
            }

            if (state is not null)
            {
                foreach (var (key, value) in values.ToList())
                {
                    if (state.Attributes.TryGetValue(key, out var held) && held == value)
                    {
                        values.Remove(key);
                    }
                }

                if (values.Count == 0)
                {
                    await CompleteAppliedAsync(writes, participantId, new DeliveryResult(true, false, null, 0, 0, 0, false)).ConfigureAwait(false);
                    return true;
                }
            }
        }

        await _store.MarkDeliveringAsync(writes.Select(w => w.Id).ToList(), CancellationToken.None).ConfigureAwait(false);
        var deadline = writes.Max(w => w.Accepted.DeadlineAt) - _time.GetUtcNow();
        var result = await _delivery.WriteAsync(conversation, participantId, values, deadline, token).ConfigureAwait(false);
        _metrics.SamplePlatformRequests(_time.GetUtcNow(), _delivery.Client.ApiRequestCount);
        if (result.Applied)
        {
            await CompleteAppliedAsync(writes, participantId, result).ConfigureAwait(false);
            return true;
        }

        // Failed: ended conversation, a refusal for good, or something that may pass before the deadline.
        ParticipantState? now = null;
        var read = false;
        try
        {
            now = await _delivery.ReadAsync(conversation, participantId, token).ConfigureAwait(false);
            read = true;
        }
        catch (ParticipantDataException e) when (AttributeDelivery.IsPermanent(e))
        {
            await FailAsync(writes, FailureKind.Rejected, _ => $"{result.Failure} (reading the conversation: {e.Message})", result).ConfigureAwait(false);
            return true;
        }
        catch (ParticipantDataException)
        {
            // Cannot tell now; treat as transient below.
        }

        if (now is { Ended: true })
        {
            await FailAsync(writes, FailureKind.ConversationEnded, _ => "conversation ended", result).ConfigureAwait(false);
            return true;
        }

        if (read && now is null)
        {
            await FailAsync(writes, FailureKind.ParticipantNotFound, _ => $"conversation {conversation} has no participant {participantId}: {result.Failure}", result).ConfigureAwait(false);
            return true;
        }

        // Leave them queued, with what was absorbed so far, for a retry after backoff (the deadline decides).
        await _store.CompleteAsync(
            writes.Select(w => new WriteCompletion
            {
                Id = w.Id,
                Status = WriteStatus.Queued,
                Reason = "retrying: " + result.Failure,
                Attempts = w.Attempts + result.Attempts,
                ConflictsAbsorbed = w.ConflictsAbsorbed + result.Conflicts,
                ThrottlesAbsorbed = w.ThrottlesAbsorbed + result.Throttles,
                CoalescedWrites = writes.Count,
                DeliveredParticipantId = participantId,
                At = _time.GetUtcNow(),
            }).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    private async Task<bool> OnReadFailureAsync(List<StoredWrite> writes, ParticipantDataException e)
    {
        if (AttributeDelivery.IsPermanent(e))
        {
            await FailAsync(writes, FailureKind.Rejected, _ => e.Message).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task CompleteAppliedAsync(List<StoredWrite> writes, string participantId, DeliveryResult result)
    {
        var at = _time.GetUtcNow();
        await _store.CompleteAsync(
            writes.Select(w => new WriteCompletion
            {
                Id = w.Id,
                Status = result.Verified ? WriteStatus.Verified : WriteStatus.Applied,
                Attempts = w.Attempts + result.Attempts,
                ConflictsAbsorbed = w.ConflictsAbsorbed + result.Conflicts,
                ThrottlesAbsorbed = w.ThrottlesAbsorbed + result.Throttles,
                CoalescedWrites = writes.Count,
                Guarded = result.Guarded,
                DeliveredParticipantId = participantId,
                At = at,
            }).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        _metrics.OnApplied(writes.Count, writes.Select(w => at - w.Accepted.AcceptedAt));
    }

    private async Task FailAsync(List<StoredWrite> writes, FailureKind kind, Func<StoredWrite, string?> reason, DeliveryResult? result = null)
    {
        var at = _time.GetUtcNow();
        await _store.CompleteAsync(
            writes.Select(w => new WriteCompletion
            {
                Id = w.Id,
                Status = WriteStatus.Failed,
                Reason = reason(w),
                Attempts = w.Attempts + (result?.Attempts ?? 0),
                ConflictsAbsorbed = w.ConflictsAbsorbed + (result?.Conflicts ?? 0),
                ThrottlesAbsorbed = w.ThrottlesAbsorbed + (result?.Throttles ?? 0),
                CoalescedWrites = writes.Count,
                At = at,
            }).ToList(),
            CancellationToken.None).ConfigureAwait(false);
        _metrics.OnFailed(kind, writes.Count);
        _logger.LogWarning("{Count} write(s) failed ({Kind}): {Reason}", writes.Count, RelayMetrics.Label(kind), reason(writes[0]));
    }

    private static string LastReason(StoredWrite write) => write.Reason is { } last ? $"; last attempt: {last}" : "";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await Task.WhenAll(_inFlight.Values.Concat(_enriching.Values)).ConfigureAwait(false);
        _stop.Dispose();
    }
}
