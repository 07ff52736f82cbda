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

    public AttributeWriter(ParticipantDataClient client, AttributeWriterOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new AttributeWriterOptions();
        _time = timeProvider ?? TimeProvider.System;
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
        var waiter = new Waiter(_time.GetUtcNow() + options.Deadline, options.Verify);
        var key = (conversation, participant);
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
                lane.Pending.Add(attributes, waiter);
                start = !lane.Running;
                lane.Running = true;
            }

            if (start)
            {
                _ = Task.Run(() => PumpAsync(key, lane), CancellationToken.None);
            }

            break;
        }

        BatchResult result;
        try
        {
            result = await waiter.Result.Task.WaitAsync(options.Deadline, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            result = BatchResult.Fail(
                $"the {Seconds(options.Deadline)} deadline passed before the platform confirmed the write (it may still be applied)",
                0, 0, 0);
        }

        return new WriteResult(result.Outcome, result.FailureReason, result.Attempts, result.Conflicts, result.Throttles, _time.GetElapsedTime(started))
        {
            CoalescedWrites = result.Coalesced,
            Reapplied = result.Reapplied,
        };
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
        var tally = new Tally();
        var failure = await PatchUntilAppliedAsync(conversation, participant, batch.Values, batch.Deadline, tally).ConfigureAwait(false);
        if (failure is not null)
        {
            return BatchResult.Fail(failure, tally.Attempts, tally.Conflicts, tally.Throttles);
        }

        if (batch.Verify == VerifyMode.None)
        {
            return new BatchResult(WriteOutcome.Applied, null, tally.Attempts, tally.Conflicts, tally.Throttles);
        }

        var reapplied = 0;
        while (true)
        {
            var (attributes, ended, readFailure) = await ReadAsync(conversation, participant, batch.Deadline, tally).ConfigureAwait(false);
            if (readFailure is not null)
            {
                return BatchResult.Fail($"written, but could not be read back: {readFailure}", tally.Attempts, tally.Conflicts, tally.Throttles, reapplied);
            }

            var differing = batch.Values.Where(v => !attributes!.TryGetValue(v.Key, out var held) || held != v.Value)
                .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            if (differing.Count > 0 && (batch.Verify == VerifyMode.ReadBack || ended))
            {
                return BatchResult.Fail(
                    $"read back differs{(ended ? " and the conversation has ended" : "")}: {Describe(differing, attributes!)}",
                    tally.Attempts, tally.Conflicts, tally.Throttles, reapplied);
            }

            if (differing.Count > 0)
            {
                // Overwritten after our write (a flow's write-back): apply our values again.
                reapplied++;
                failure = await PatchUntilAppliedAsync(conversation, participant, differing, batch.Deadline, tally).ConfigureAwait(false);
                if (failure is not null)
                {
                    return BatchResult.Fail($"overwritten after the write and could not be re-applied: {failure}", tally.Attempts, tally.Conflicts, tally.Throttles, reapplied);
                }

                continue;
            }

            var remaining = batch.Deadline - _time.GetUtcNow();
            if (batch.Verify == VerifyMode.ReadBack || ended || remaining <= _options.EnsurePollInterval + _options.EnsurePollInterval)
            {
                return new BatchResult(WriteOutcome.Verified, null, tally.Attempts, tally.Conflicts, tally.Throttles, reapplied);
            }

            await Task.Delay(_options.EnsurePollInterval, _time).ConfigureAwait(false);
        }
    }

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

            var budget = _client.NewBudget(remaining);
            try
            {
                await _client.PatchAttributesAsync(conversation, participant, values, budget, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (GenesysApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                tally.Conflicts++;
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
                tally.Add(budget);
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

        public DateTimeOffset Deadline { get; private set; } = DateTimeOffset.MinValue;

        public VerifyMode Verify { get; private set; }

        public void Add(IReadOnlyDictionary<string, string> attributes, Waiter waiter)
        {
            foreach (var (key, value) in attributes)
            {
                Values[key] = value; // later callers win per key, in call order
            }

            Waiters.Add(waiter);
            Deadline = waiter.Deadline > Deadline ? waiter.Deadline : Deadline;
            Verify = waiter.Verify > Verify ? waiter.Verify : Verify;
        }
    }

    private sealed class Waiter(DateTimeOffset deadline, VerifyMode verify)
    {
        public DateTimeOffset Deadline { get; } = deadline;

        public VerifyMode Verify { get; } = verify;

        public TaskCompletionSource<BatchResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Tally
    {
        public int Attempts { get; private set; }

        public int Throttles { get; private set; }

        public int Conflicts { get; set; }

        public void Add(CallBudget budget)
        {
            Attempts += budget.Attempts;
            Throttles += budget.Count("429");
        }
    }

    private sealed record BatchResult(WriteOutcome Outcome, string? FailureReason, int Attempts, int Conflicts, int Throttles, int Reapplied = 0)
    {
        public int Coalesced { get; init; } = 1;

        public static BatchResult Fail(string reason, int attempts, int conflicts, int throttles, int reapplied = 0) =>
            new(WriteOutcome.Failed, reason, attempts, conflicts, throttles, reapplied);
    }
}
