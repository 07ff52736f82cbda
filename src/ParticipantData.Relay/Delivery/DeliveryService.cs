using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ParticipantData.Client;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Monitoring;
using ParticipantData.Relay.Store;
using ParticipantData.Relay.Store.Postgres;

namespace ParticipantData.Relay.Delivery;

/// <summary>
/// Takes queued writes from the store and delivers them, one conversation at a time each (so a key's values
/// reach the platform in acceptance order) and many conversations at once. A conversation is delivered to only
/// under a claim in the store (<see cref="IRelayStore.ClaimAsync"/>), renewed while the delivery lasts, so
/// several instances on one PostgreSQL store never deliver to the same conversation at once and take over the
/// claims of an instance that died once their lease runs out. The writes queued for a participant go out as
/// one PATCH (last value per key wins, in acceptance order). A write that fails for a reason that may pass
/// (throttling, outage) stays queued and is retried with backoff until its deadline; one refused for good, or
/// whose conversation has ended, fails with the reason.
/// </summary>
internal sealed partial class DeliveryService : IAsyncDisposable
{
    /// <summary>Scans at most this often under load: a scan reads the queue, and writes arriving meanwhile coalesce.</summary>
    private static readonly TimeSpan MinScanInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxMaintenanceInterval = TimeSpan.FromSeconds(5);
    private readonly IRelayStore _store;
    private readonly IRelayCluster? _cluster;
    private readonly AttributeDelivery _delivery;
    private readonly EnrichmentRunner _enrichments;
    private readonly RelayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxConcurrent;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _lease;
    private readonly int _requestsPerMinute;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset NotBefore, int Failures)> _backoff = new(StringComparer.Ordinal);
    private readonly DeliveryPacer _pacer;
    private Task? _loop;
    private Task? _maintenance;
    private Task? _listen;

    public DeliveryService(IRelayStore store, AttributeDelivery delivery, EnrichmentRunner enrichments, RelayMetrics metrics, TimeProvider time, ILogger logger, int maxConcurrent, TimeSpan pollInterval, int requestsPerMinute, TimeSpan lease)
    {
        _pacer = new DeliveryPacer(requestsPerMinute, time);
        _store = store;
        _cluster = store as IRelayCluster;
        _delivery = delivery;
        _enrichments = enrichments;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxConcurrent = maxConcurrent;
        _pollInterval = pollInterval;
        _lease = lease;
        _requestsPerMinute = requestsPerMinute;
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This instance's name on its claims (host/process/random): unique per start.</summary>
    public string Owner { get; }

    /// <summary>Instances delivering from the store, this one included, as last counted (1 on SQLite).</summary>
    public int LiveInstances { get; private set; } = 1;

    public void Start()
    {
        _loop ??= Task.Run(LoopAsync);
        _maintenance ??= Task.Run(MaintainAsync);
        if (_cluster is not null)
        {
            _listen ??= Task.Run(() => _cluster.ListenAsync(Signal, _stop.Token));
        }
    }

    /// <summary>New work is queued: look now rather than at the next poll.</summary>
    public void Signal() => Volatile.Read(ref _wake).TrySetResult();

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake);
            var scanned = _time.GetTimestamp();
            var sleep = _pollInterval;
            try
            {
                var paced = await ScanAsync(token).ConfigureAwait(false);
                if (paced < sleep)
                {
                    sleep = paced;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The relay could not read its queue; retrying.");
            }

            if (NextRetry() is { } retry && retry < sleep)
            {
                sleep = retry;
            }

            using (var sleeping = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                var delay = Task.Delay(sleep, _time, sleeping.Token);
                await Task.WhenAny(wake.Task, delay).ConfigureAwait(false);
                await sleeping.CancelAsync().ConfigureAwait(false);
            }

            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
                var since = _time.GetElapsedTime(scanned);
                if (since < MinScanInterval && !token.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(MinScanInterval - since, _time, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>How soon a conversation this instance backed off from may be retried (other instances' retries are found by the poll).</summary>
    private TimeSpan? NextRetry()
    {
        var now = _time.GetUtcNow();
        TimeSpan? next = null;
        foreach (var (_, wait) in _backoff)
        {
            var left = wait.NotBefore - now;
            if (left > TimeSpan.Zero && (next is null || left < next))
            {
                next = left;
            }
        }

        return next;
    }

    /// <summary>Claims what can be delivered now and starts it; returns how soon to look again when the pacer held deliveries back.</summary>
    private async Task<TimeSpan> ScanAsync(CancellationToken token)
    {
        var free = _maxConcurrent - _inFlight.Count;
        if (free <= 0)
        {
            return TimeSpan.MaxValue; // a delivery ending signals
        }

        if (!_pacer.CanTake(out var until))
        {
            return until; // nothing could start: do not claim for nothing
        }

        var wanted = Math.Min(free, Math.Max(1, _pacer.Available));
        var claimed = await _store.ClaimAsync(Owner, wanted, _time.GetUtcNow(), _lease, token).ConfigureAwait(false);
        var again = TimeSpan.MaxValue;
        foreach (var conversation in claimed)
        {
            if (!_pacer.TryTake(out var paced))
            {
                await _store.ReleaseAsync(Owner, conversation, DateTimeOffset.MinValue, CancellationToken.None).ConfigureAwait(false);
                again = paced;
                continue;
            }

            var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
            var task = new Task<Task>(() => DeliverClaimedAsync(conversation, cancel.Token));
            if (_inFlight.TryAdd(conversation, new InFlight(task.Unwrap(), cancel)))
            {
                task.Start(TaskScheduler.Default);
            }
            else
            {
                cancel.Dispose();
            }
        }

        if (claimed.Count == wanted && again == TimeSpan.MaxValue)
        {
            // There may be more: look again as soon as the pacer has another permit.
            again = _pacer.CanTake(out var next) ? MinScanInterval : next;
        }

        return again;
    }

    /// <summary>Renews the claims of deliveries in flight (cancelling any lost), and counts the live instances for this one's share.</summary>
    private async Task MaintainAsync()
    {
        var token = _stop.Token;
        var every = _lease / 3 < MaxMaintenanceInterval ? _lease / 3 : MaxMaintenanceInterval;
        while (!token.IsCancellationRequested)
        {
            if (_cluster is not null)
            {
                try
                {
                    var live = await _cluster.HeartbeatAsync(Owner, _time.GetUtcNow(), every * 3, token).ConfigureAwait(false);
                    if (live != LiveInstances)
                    {
                        _logger.LogInformation("{Live} relay instance(s) share the store: this one paces deliveries at {Share}/min.", live, _requestsPerMinute / live);
                    }

                    LiveInstances = live;
                    _pacer.SetRate(Math.Max(1, _requestsPerMinute / live));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "The relay could not record itself in the store; retrying.");
                }
            }

            try
            {
                await Task.Delay(every, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var held = _inFlight.Keys.ToList();
            if (held.Count == 0)
            {
                continue;
            }

            try
            {
                var still = await _store.RenewAsync(Owner, held, _time.GetUtcNow(), _lease, token).ConfigureAwait(false);
                foreach (var lost in held.Except(still, StringComparer.Ordinal))
                {
                    if (_inFlight.TryGetValue(lost, out var delivery) && !delivery.Task.IsCompleted)
                    {
                        _logger.LogWarning("The claim on conversation {Conversation} was lost (its lease ran out); this instance stops delivering to it.", lost);
                        await delivery.Cancel.CancelAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "The relay could not renew its delivery claims; retrying.");
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
    }

    /// <summary>Delivers a claimed conversation's queued writes (running its enrichments first), then gives the claim up.</summary>
    private async Task DeliverClaimedAsync(string conversation, CancellationToken token)
    {
        var retryAt = DateTimeOffset.MinValue;
        try
        {
            var writes = await _store.ListQueuedAsync(conversation, token).ConfigureAwait(false);
            var unresolved = writes.Where(w => w.Accepted.Kind == WriteKind.Enrichment && w.Attributes is null).ToList();
            if (unresolved.Count > 0)
            {
                await Task.WhenAll(unresolved.Select(w => EnrichAsync(w, token))).ConfigureAwait(false);
                writes = await _store.ListQueuedAsync(conversation, token).ConfigureAwait(false);
            }

            // In acceptance order, up to the first enrichment still waiting for its data action.
            var ready = writes.TakeWhile(w => w.Attributes is not null).ToList();
            if (ready.Count > 0 && !await DeliverConversationAsync(conversation, ready, token).ConfigureAwait(false))
            {
                var failures = _backoff.TryGetValue(conversation, out var previous) ? previous.Failures + 1 : 1;
                var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures - 1)));
                retryAt = _time.GetUtcNow() + delay;
                _backoff[conversation] = (retryAt, failures);
            }
            else
            {
                _backoff.TryRemove(conversation, out _);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping (or the claim was lost): what was not completed stays queued (or marked delivering) for whoever claims it next.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Delivery to conversation {Conversation} failed unexpectedly; it will be retried.", conversation);
            retryAt = _time.GetUtcNow() + TimeSpan.FromSeconds(1);
        }
        finally
        {
            try
            {
                await _store.ReleaseAsync(Owner, conversation, retryAt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The lease runs out instead; then this or another instance claims the conversation again.
                _logger.LogWarning(e, "The claim on conversation {Conversation} could not be released; it expires with its lease.", conversation);
            }

            if (_inFlight.TryRemove(conversation, out var done))
            {
                done.Cancel.Dispose();
            }

            Signal();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { _loop, _maintenance, _listen })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(false);
            }
        }

        await Task.WhenAll(_inFlight.Values.Select(d => d.Task)).ConfigureAwait(false);
        if (_cluster is not null)
        {
            try
            {
                // Leaving at once gives the other instances this one's share now rather than when its heartbeat goes stale.
                await _cluster.LeaveAsync(Owner, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "The relay could not remove itself from the store's live instances.");
            }
        }

        _stop.Dispose();
    }

    private sealed record InFlight(Task Task, CancellationTokenSource Cancel);
}
