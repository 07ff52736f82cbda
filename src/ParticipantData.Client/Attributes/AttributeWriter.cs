using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ParticipantData.Client.Http;

namespace ParticipantData.Client;

/// <summary>
/// Writes participant attributes so that they survive contention on a live conversation:
/// <list type="bullet">
/// <item>writes to one participant are serialised, and those that arrive while one is in flight are
/// coalesced into the next PATCH (last writer per key wins, in call order); participants run in parallel;</item>
/// <item>a 409 is retried at once with short jittered backoff and no GET first (the PATCH is a merge);</item>
/// <item>the caller's deadline bounds everything, so a flow is never blocked longer than it allows;</item>
/// <item>optional read-back verification, and an Ensure mode that re-applies a value a flow wrote back over.</item>
/// </list>
/// Expected failures come back as a <see cref="WriteResult"/>, never as an exception.
/// </summary>
public sealed class AttributeWriter
{
    private readonly ParticipantDataClient _client;
    private readonly AttributeWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(ConversationId, ParticipantId), Lane> _lanes = new();
    private readonly ConcurrentDictionary<(ConversationId, ParticipantId), ParticipantGuard> _guards = new();
    private readonly NotificationsClient? _notifications;
    private int _guardEvents;
    private int _guardPolls;
    private int _reapplied;

    /// <summary>
    /// Creates a writer. With <paramref name="notifications"/>, Ensure guards learn of overwrites from the
    /// conversation's attribute events (<c>v2.detail.events.conversation.{id}.attributes</c>) instead of
    /// polling, and poll only as a rare safety net.
    /// </summary>
    public AttributeWriter(
        ParticipantDataClient client,
        AttributeWriterOptions? options = null,
        TimeProvider? timeProvider = null,
        NotificationsClient? notifications = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new AttributeWriterOptions();
        _time = timeProvider ?? TimeProvider.System;
        _notifications = notifications;
    }

    /// <summary>Merges <paramref name="attributes"/> into the participant's attributes, within <see cref="WriteOptions.Deadline"/>.</summary>
    public async Task<WriteResult> WriteAsync(
        ConversationId conversation,
        ParticipantId participant,
        IReadOnlyDictionary<string, string> attributes,
        WriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ParticipantDataClient.ValidateAttributes(attributes);
        options ??= WriteOptions.Default;
        var started = _time.GetTimestamp();
        var waiter = new Waiter(_time.GetUtcNow() + options.Deadline, options.Verify, _time.GetUtcNow() + options.EnsureFor);
        _ = SubmitAsync((conversation, participant), attributes, waiter, onlyAbsent: false);

        BatchResult result;
        try
        {
            result = await waiter.Result.Task.WaitAsync(options.Deadline, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var tally = waiter.Batch!.Tally;
            result = BatchResult.Fail(
                $"the {Seconds(options.Deadline)} deadline passed before the platform confirmed the write (it may still be applied)",
                tally.Attempts, tally.Conflicts, tally.Throttles) with { Coalesced = waiter.Batch.Waiters.Count };
        }

        return new WriteResult(result.Outcome, result.FailureReason, result.Attempts, result.Conflicts, result.Throttles, _time.GetElapsedTime(started))
        {
            CoalescedWrites = result.Coalesced,
            Guarded = result.Guarded,
        };
    }

    /// <summary>Queues values on the participant's lane (merged into the pending batch), starting its pump if idle.</summary>
    private Task SubmitAsync((ConversationId, ParticipantId) key, IReadOnlyDictionary<string, string> attributes, Waiter waiter, bool onlyAbsent)
    {
        while (true)
        {
            var lane = _lanes.GetOrAdd(key, static _ => new Lane());
            bool start;
            lock (lane.Gate)
            {
                if (lane.Retired)
                {
                    continue; // lost a race with the pump retiring an idle lane: take the fresh one
                }

                lane.Pending ??= new Batch();
                lane.Pending.Add(attributes, waiter, onlyAbsent);
                waiter.Batch = lane.Pending;
                start = !lane.Running;
                lane.Running = true;
            }

            if (start)
            {
                _ = Task.Run(() => PumpAsync(key, lane), CancellationToken.None);
            }

            return waiter.Result.Task;
        }
    }

    private async Task PumpAsync((ConversationId Conversation, ParticipantId Participant) key, Lane lane)
    {
        while (true)
        {
            Batch batch;
            lock (lane.Gate)
            {
                if (lane.Pending is null)
                {
                    lane.Running = false;
                    lane.Retired = true;
                    _lanes.TryRemove(new KeyValuePair<(ConversationId, ParticipantId), Lane>(key, lane));
                    return;
                }

                batch = lane.Pending;
                lane.Pending = null;
            }

            BatchResult result;
            try
            {
                result = await ExecuteAsync(key.Conversation, key.Participant, batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                result = BatchResult.Fail($"unexpected failure: {e.Message}", 0, 0, 0);
            }

            result = result with { Coalesced = batch.Waiters.Count };
            foreach (var waiter in batch.Waiters)
            {
                waiter.Result.TrySetResult(result);
            }
        }
    }

    private async Task<BatchResult> ExecuteAsync(ConversationId conversation, ParticipantId participant, Batch batch)
    {
        var tally = batch.Tally;
        if (batch.GuardKeys.Count > 0 && !ResolveGuardedValues(conversation, participant, batch))
        {
            return new BatchResult(WriteOutcome.Applied, null, 0, 0, 0); // the guard let go of every key meanwhile
        }

        var failure = await PatchUntilAppliedAsync(conversation, participant, batch.Values, batch.Deadline, tally).ConfigureAwait(false);
        if (failure is not null)
        {
            return BatchResult.Fail(failure, tally.Attempts, tally.Conflicts, tally.Throttles);
        }

        // A newer value of a guarded key is what the guard must now keep.
        _guards.TryGetValue((conversation, participant), out var existing);
        existing?.Supersede(batch.Values);

        if (batch.Verify == VerifyMode.Ensure)
        {
            Guard((conversation, participant), batch.Values, batch.EnsureUntil);
            return new BatchResult(WriteOutcome.Applied, null, tally.Attempts, tally.Conflicts, tally.Throttles) { Guarded = true };
        }

        if (batch.Verify == VerifyMode.None)
        {
            return new BatchResult(WriteOutcome.Applied, null, tally.Attempts, tally.Conflicts, tally.Throttles);
        }

        var (attributes, ended, readFailure) = await ReadAsync(conversation, participant, batch.Deadline, tally).ConfigureAwait(false);
        if (readFailure is not null)
        {
            return BatchResult.Fail($"written, but could not be read back: {readFailure}", tally.Attempts, tally.Conflicts, tally.Throttles);
        }

        var differing = Differing(batch.Values, attributes!);
        return differing.Count == 0
            ? new BatchResult(WriteOutcome.Verified, null, tally.Attempts, tally.Conflicts, tally.Throttles)
            : BatchResult.Fail(
                $"read back differs{(ended ? " and the conversation has ended" : "")}: {Describe(differing, attributes!)}",
                tally.Attempts, tally.Conflicts, tally.Throttles);
    }

    /// <summary>What the Ensure guards have done so far (all participants).</summary>
    public GuardStatistics GuardStatistics =>
        new(Volatile.Read(ref _guardPolls), Volatile.Read(ref _reapplied), _guards.Values.Sum(g => g.Count))
        {
            Events = Volatile.Read(ref _guardEvents),
        };

    private void Guard((ConversationId Conversation, ParticipantId Participant) key, IReadOnlyDictionary<string, string> values, DateTimeOffset until)
    {
        while (true)
        {
            var guard = _guards.GetOrAdd(key, static _ => new ParticipantGuard());
            if (guard.TryAdd(values, until, out var start))
            {
                if (start)
                {
                    _ = Task.Run(() => WatchAsync(key, guard), CancellationToken.None);
                }

                return;
            }

            // The guard had just retired: take a fresh one.
        }
    }

    private Task WatchAsync((ConversationId Conversation, ParticipantId Participant) key, ParticipantGuard guard) =>
        _notifications is null ? WatchByPollingAsync(key, guard) : WatchByEventsAsync(key, guard, _notifications);

    private async Task WatchByPollingAsync((ConversationId Conversation, ParticipantId Participant) key, ParticipantGuard guard)
    {
        while (true)
        {
            await Task.Delay(_options.EnsurePollInterval, _time).ConfigureAwait(false);
            if (RetireIfIdle(key, guard))
            {
                return;
            }

            await CheckAsync(key, guard).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reacts to the conversation's attribute events. A poll right after subscribing catches an overwrite
    /// that landed before the subscription was in place; later polls (every <see cref="AttributeWriterOptions.EventSafetyPollInterval"/>)
    /// catch what a reconnect gap may have swallowed and notice the end of the conversation.
    /// </summary>
    private async Task WatchByEventsAsync((ConversationId Conversation, ParticipantId Participant) key, ParticipantGuard guard, NotificationsClient notifications)
    {
        NotificationSubscription subscription;
        try
        {
            subscription = await notifications.SubscribeToAttributesAsync(key.Conversation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ParticipantDataException or HttpRequestException or System.Net.WebSockets.WebSocketException or TimeoutException)
        {
            await WatchByPollingAsync(key, guard).ConfigureAwait(false); // no listener to be had: fall back to polling
            return;
        }

        await using (subscription.ConfigureAwait(false))
        {
            using var stop = new CancellationTokenSource();
            var listening = ListenAsync(key, guard, subscription, stop.Token);
            await CheckAsync(key, guard).ConfigureAwait(false);
            var sincePoll = TimeSpan.Zero;
            while (true)
            {
                await Task.Delay(_options.EnsurePollInterval, _time).ConfigureAwait(false);
                if (RetireIfIdle(key, guard))
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    await listening.ConfigureAwait(false);
                    return;
                }

                sincePoll += _options.EnsurePollInterval;
                if (sincePoll >= _options.EventSafetyPollInterval)
                {
                    sincePoll = TimeSpan.Zero;
                    await CheckAsync(key, guard).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ListenAsync(
        (ConversationId Conversation, ParticipantId Participant) key,
        ParticipantGuard guard,
        NotificationSubscription subscription,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in subscription.ReadAttributeUpdatesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (update.ParticipantId != key.Participant)
                {
                    continue;
                }

                Interlocked.Increment(ref _guardEvents);
                var differing = guard.Current(_time.GetUtcNow())
                    .Where(g => update.Attributes.TryGetValue(g.Key, out var now) && now != g.Value)
                    .ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
                if (differing.Count > 0)
                {
                    await ReapplyAsync(key, differing).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The guard retired.
        }
    }

    /// <summary>Reads the participant once and re-applies guarded values that differ; clears the guard when the conversation ended.</summary>
    private async Task CheckAsync((ConversationId Conversation, ParticipantId Participant) key, ParticipantGuard guard)
    {
        var now = _time.GetUtcNow();
        var guarded = guard.Current(now);
        if (guarded.Count == 0)
        {
            return;
        }

        var (attributes, ended, failure) = await ReadAsync(key.Conversation, key.Participant, now + _options.EnsurePollInterval, new Tally()).ConfigureAwait(false);
        Interlocked.Increment(ref _guardPolls); // counted once the read is done, so a count says what the guard has seen
        if (ended)
        {
            guard.Clear(); // nothing to protect once the conversation is over
            return;
        }

        if (failure is null && Differing(guarded, attributes!) is { Count: > 0 } differing)
        {
            await ReapplyAsync(key, differing).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Overwritten after our write (a flow's write-back): apply our values again, through the participant's
    /// lane so a newer write already queued for a key is never overwritten.
    /// </summary>
    private Task ReapplyAsync((ConversationId Conversation, ParticipantId Participant) key, Dictionary<string, string> differing)
    {
        Interlocked.Increment(ref _reapplied);
        return SubmitAsync(key, differing, new Waiter(_time.GetUtcNow() + _options.EnsurePollInterval, VerifyMode.None), onlyAbsent: true);
    }

    private bool RetireIfIdle((ConversationId Conversation, ParticipantId Participant) key, ParticipantGuard guard)
    {
        if (guard.Current(_time.GetUtcNow()).Count > 0 || !guard.TryRetire())
        {
            return false;
        }

        _guards.TryRemove(new KeyValuePair<(ConversationId, ParticipantId), ParticipantGuard>(key, guard));
        return true;
    }

    /// <summary>
    /// A re-apply queued by the guard writes what the guard holds now, not what it held when it queued:
    /// a newer write that committed in between must not be overwritten by an older value.
    /// </summary>
    private bool ResolveGuardedValues(ConversationId conversation, ParticipantId participant, Batch batch)
    {
        _guards.TryGetValue((conversation, participant), out var guard);
        var current = guard?.Current(_time.GetUtcNow()) ?? [];
        foreach (var key in batch.GuardKeys)
        {
            if (current.TryGetValue(key, out var value))
            {
                batch.Values[key] = value;
            }
            else
            {
                batch.Values.Remove(key);
            }
        }

        return batch.Values.Count > 0;
    }

    private static Dictionary<string, string> Differing(IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string> held) =>
        wanted.Where(v => !held.TryGetValue(v.Key, out var h) || h != v.Value).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>PATCHes until accepted, absorbing 409s with jittered backoff; returns null or why it failed.</summary>
    private async Task<string?> PatchUntilAppliedAsync(
        ConversationId conversation,
        ParticipantId participant,
        IReadOnlyDictionary<string, string> values,
        DateTimeOffset deadline,
        Tally tally)
    {
        for (var conflict = 0; ; conflict++)
        {
            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return $"the deadline passed after {tally.Attempts} attempts ({tally.Conflicts} conflicts)";
            }

            CallBudget? budget = _client.NewBudget(remaining);
            try
            {
                await _client.PatchAttributesAsync(conversation, participant, values, budget, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (GenesysApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                tally.Conflict();
                var wait = ConflictDelay(conflict);
                if (wait >= deadline - _time.GetUtcNow())
                {
                    return $"the deadline passed after {tally.Conflicts} conflicts (409: {e.ErrorMessage})";
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (IsTransient(e) && _time.GetUtcNow() + _options.ConflictRetryMaxDelay < deadline)
            {
                // The HTTP layer's retries ran out but the caller's deadline has not: keep going, as for a 409.
                tally.Add(budget);
                budget = null;
                await Task.Delay(ConflictDelay(conflict), _time).ConfigureAwait(false);
            }
            catch (GenesysApiException e)
            {
                return e.Hint is null ? e.Message : $"{e.Message} ({e.Hint})";
            }
            catch (ParticipantDataException e)
            {
                return e.Message;
            }
            finally
            {
                if (budget is not null)
                {
                    tally.Add(budget);
                }
            }
        }
    }

    private async Task<(IReadOnlyDictionary<string, string>? Attributes, bool Ended, string? Failure)> ReadAsync(
        ConversationId conversation,
        ParticipantId participant,
        DateTimeOffset deadline,
        Tally tally)
    {
        var remaining = deadline - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return (null, false, "the deadline passed");
        }

        var budget = _client.NewBudget(remaining);
        try
        {
            var read = await _client.GetConversationAsync(conversation, budget, CancellationToken.None).ConfigureAwait(false);
            var found = read.Participants.FirstOrDefault(p => p.Id == participant);
            return found is null
                ? (null, false, $"participant {participant} is not in the conversation")
                : (found.Attributes, !read.IsActive || found.EndTime is not null, null);
        }
        catch (ParticipantDataException e)
        {
            return (null, false, e.Message);
        }
        finally
        {
            tally.Add(budget);
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        GenesysApiException api => Http.ResiliencePipelines.IsTransientStatus(api.Status) && api.Status != HttpStatusCode.TooManyRequests,
        GenesysAuthenticationException auth => auth.Status is null || (int)auth.Status >= 500,
        _ => false,
    };

    private TimeSpan ConflictDelay(int conflict)
    {
        var ceiling = Math.Min(_options.ConflictRetryMaxDelay.Ticks, _options.ConflictRetryBaseDelay.Ticks << Math.Min(conflict, 16));
        // "Equal jitter": at least half the step, so writers that collided spread out but never spin.
        return TimeSpan.FromTicks((ceiling / 2) + (long)(Random.Shared.NextDouble() * (ceiling / 2)));
    }

    private static string Describe(Dictionary<string, string> differing, IReadOnlyDictionary<string, string> held)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in differing)
        {
            text.Append(text.Length == 0 ? "" : "; ")
                .Append(key).Append(" is ").Append(held.TryGetValue(key, out var h) ? $"'{h}'" : "missing").Append(", expected '").Append(value).Append('\'');
        }

        return text.ToString();
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";

    private sealed class Lane
    {
        public Lock Gate { get; } = new();

        public Batch? Pending { get; set; }

        public bool Running { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Batch
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public List<Waiter> Waiters { get; } = [];

        /// <summary>Keys queued by a guard re-apply (their values are taken from the guard when the batch runs).</summary>
        public HashSet<string> GuardKeys { get; } = new(StringComparer.Ordinal);

        /// <summary>What the batch has absorbed so far; read by a waiter whose deadline passes first.</summary>
        public Tally Tally { get; } = new();

        public DateTimeOffset Deadline { get; private set; } = DateTimeOffset.MinValue;

        public VerifyMode Verify { get; private set; }

        public DateTimeOffset EnsureUntil { get; private set; } = DateTimeOffset.MinValue;

        public void Add(IReadOnlyDictionary<string, string> attributes, Waiter waiter, bool onlyAbsent)
        {
            foreach (var (key, value) in attributes)
            {
                if (onlyAbsent)
                {
                    // A re-apply never overrides a newer queued write; its value is settled at execution.
                    if (Values.TryAdd(key, value))
                    {
                        GuardKeys.Add(key);
                    }
                }
                else
                {
                    Values[key] = value; // later callers win per key, in call order
                    GuardKeys.Remove(key);
                }
            }

            Waiters.Add(waiter);
            Deadline = waiter.Deadline > Deadline ? waiter.Deadline : Deadline;
            Verify = waiter.Verify > Verify ? waiter.Verify : Verify;
            EnsureUntil = waiter.EnsureUntil > EnsureUntil ? waiter.EnsureUntil : EnsureUntil;
        }
    }

    private sealed class Waiter(DateTimeOffset deadline, VerifyMode verify, DateTimeOffset ensureUntil = default)
    {
        public DateTimeOffset Deadline { get; } = deadline;

        public DateTimeOffset EnsureUntil { get; } = ensureUntil;

        public VerifyMode Verify { get; } = verify;

        public TaskCompletionSource<BatchResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Batch? Batch { get; set; }
    }

    private sealed class Tally
    {
        private int _attempts;
        private int _throttles;
        private int _conflicts;

        public int Attempts => Volatile.Read(ref _attempts);

        public int Throttles => Volatile.Read(ref _throttles);

        public int Conflicts => Volatile.Read(ref _conflicts);

        public void Conflict() => Interlocked.Increment(ref _conflicts);

        public void Add(CallBudget budget)
        {
            Interlocked.Add(ref _attempts, budget.Attempts);
            Interlocked.Add(ref _throttles, budget.Count("429"));
        }
    }

    private sealed record BatchResult(WriteOutcome Outcome, string? FailureReason, int Attempts, int Conflicts, int Throttles)
    {
        public int Coalesced { get; init; } = 1;

        public bool Guarded { get; init; }

        public static BatchResult Fail(string reason, int attempts, int conflicts, int throttles) =>
            new(WriteOutcome.Failed, reason, attempts, conflicts, throttles);
    }

    /// <summary>The values an Ensure guard keeps for one participant, each until its own moment.</summary>
    private sealed class ParticipantGuard
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (string Value, DateTimeOffset Until)> _keys = new(StringComparer.Ordinal);
        private bool _watching;
        private bool _retired;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _keys.Count;
                }
            }
        }

        /// <summary>Adds values; false when the guard has retired. <paramref name="start"/>: the caller must start watching.</summary>
        public bool TryAdd(IReadOnlyDictionary<string, string> values, DateTimeOffset until, out bool start)
        {
            lock (_gate)
            {
                start = false;
                if (_retired)
                {
                    return false;
                }

                foreach (var (key, value) in values)
                {
                    _keys[key] = (value, _keys.TryGetValue(key, out var held) && held.Until > until ? held.Until : until);
                }

                start = !_watching;
                _watching = true;
                return true;
            }
        }

        /// <summary>A later write of a guarded key: keep the newer value instead.</summary>
        public void Supersede(IReadOnlyDictionary<string, string> values)
        {
            lock (_gate)
            {
                foreach (var (key, value) in values)
                {
                    if (_keys.TryGetValue(key, out var held))
                    {
                        _keys[key] = (value, held.Until);
                    }
                }
            }
        }

        public Dictionary<string, string> Current(DateTimeOffset now)
        {
            lock (_gate)
            {
                foreach (var expired in _keys.Where(k => k.Value.Until <= now).Select(k => k.Key).ToList())
                {
                    _keys.Remove(expired);
                }

                return _keys.ToDictionary(k => k.Key, k => k.Value.Value, StringComparer.Ordinal);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _keys.Clear();
            }
        }

        public bool TryRetire()
        {
            lock (_gate)
            {
                if (_keys.Count > 0)
                {
                    return false;
                }

                _retired = true;
                return true;
            }
        }
    }
}
