using System.Net;
using System.Text;
using ParticipantData.Client.Attributes;
using ParticipantData.Client.Attributes.Admission;
using ParticipantData.Client.Attributes.Ensure;
using ParticipantData.Client.Budget;
using ParticipantData.Client.Http;

namespace ParticipantData.Client;

/// <summary>
/// Writes participant attributes so that they survive contention on a live conversation, within the OAuth client's
/// request budget (<see cref="ParticipantDataClientOptions.RequestsPerMinute"/>, shared by everything in the process
/// that uses the client):
/// <list type="bullet">
/// <item>writes to one participant are serialised; those that arrive while it waits for a budget slot or a PATCH is in
/// flight are coalesced into the next PATCH (last value per key wins, in call order); participants are served in turn;</item>
/// <item>first writes of a key go before updates, and both before verification reads;</item>
/// <item>a 409 is retried at once with short jittered backoff and no GET first (the PATCH is a merge);</item>
/// <item>the caller's deadline bounds everything; a write the budget cannot serve in time fails at once
/// (<see cref="FailureReason.BudgetExhausted"/>) instead of waiting it out;</item>
/// <item>optional read-back, and <see cref="VerifyMode.Ensure"/>, which re-applies a value a flow wrote back over.</item>
/// </list>
/// Expected failures come back as a <see cref="WriteResult"/>, never as an exception. Its clock is the client's.
/// Dispose it to stop Ensure's watchers.
/// </summary>
public sealed class AttributeWriter : IAsyncDisposable
{
    private static readonly TimeSpan ReapplyDeadline = TimeSpan.FromSeconds(5);

    private readonly ParticipantDataClient _client;
    private readonly TimeProvider _time;
    private readonly ConflictRetry _retry;
    private readonly ReadBack _reader;
    private readonly WriteAdmission _admission;
    private readonly EnsureRegistry _ensure;
    private int _disposed;

    /// <summary>
    /// Creates a writer. With <paramref name="notifications"/>, Ensure learns of overwrites from the conversation's
    /// attribute events (<c>v2.detail.events.conversation.{id}.attributes</c>) and spends no REST requests on them,
    /// except one read when events may have been missed; without it, Ensure polls.
    /// </summary>
    public AttributeWriter(ParticipantDataClient client, AttributeWriterOptions? options = null, NotificationsClient? notifications = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var frozen = (options ?? new AttributeWriterOptions()).Freeze();
        _client = client;
        _time = client.Time;
        _retry = new ConflictRetry(frozen, _time);
        _reader = new ReadBack(client);
        _admission = new WriteAdmission(_time, client.RequestBudget, frozen, SendAsync);
        _ensure = new EnsureRegistry(frozen, _time, _reader, notifications, ReapplyAsync);
    }

    /// <summary>What Ensure has done so far (all participants).</summary>
    public EnsureStatistics EnsureStatistics => _ensure.Statistics;

    /// <summary>For tests: the participant's values are watched through events, and no read is pending.</summary>
    internal bool IsListening(ConversationId conversation, ParticipantId participant) => _ensure.IsListening((conversation, participant));

    /// <summary>Merges <paramref name="attributes"/> into the participant's attributes, within <see cref="WriteOptions.Deadline"/>.</summary>
    /// <exception cref="ArgumentException">No attributes, an empty key or a null value.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async Task<WriteResult> WriteAsync(
        ConversationId conversation,
        ParticipantId participant,
        IReadOnlyDictionary<string, string> attributes,
        WriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ParticipantDataClient.ValidateAttributes(attributes);
        options ??= WriteOptions.Default;
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var waiter = new WriteWaiter(now + options.Deadline, options.Verify, now + options.EnsureFor, started);
        var key = (conversation, participant);
        // Subscribe before the write goes out, so events cover its commit.
        waiter.Ensured = options.Verify == VerifyMode.Ensure ? _ensure.Expect(key) : null;
        var pending = _admission.Submit(key, attributes, waiter, reapply: false);

        BatchResult result;
        try
        {
            result = await pending.WaitAsync(options.Deadline, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var tally = waiter.Batch?.Tally ?? new WriteTally();
            result = BatchResult.Fail(
                FailureReason.DeadlinePassed,
                $"the {Seconds(options.Deadline)} deadline passed before the platform confirmed the write (it may still be applied)",
                tally) with { Coalesced = waiter.Batch?.Waiters.Count ?? 1 };
        }

        if (result.Reason == FailureReason.BudgetExhausted)
        {
            waiter.Ensured?.Settle(null, default, default); // refused before it joined a lane
        }

        // A write whose deadline passed before any slot came spent all its time queued.
        var queued = !waiter.Absorbed && result.Reason == FailureReason.DeadlinePassed ? _time.GetElapsedTime(started) : waiter.QueuedForBudget;
        return new WriteResult(result.Outcome, result.Message, result.Attempts, result.Conflicts, result.Throttles, _time.GetElapsedTime(started))
        {
            FailureReason = result.Reason,
            CoalescedWrites = result.Coalesced,
            QueuedForBudget = queued + result.RetryQueued,
            Ensured = result.Ensured,
        };
    }

    /// <summary>Stops Ensure's watchers (and their subscriptions). Writes already queued still finish within their deadlines.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _ensure.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<BatchResult> ReapplyAsync((ConversationId, ParticipantId) key, Dictionary<string, string> values)
    {
        var now = _time.GetUtcNow();
        return _admission.Submit(key, values, new WriteWaiter(now + ReapplyDeadline, VerifyMode.None, default, _time.GetTimestamp()), reapply: true);
    }

    /// <summary>Sends one lane's batch (a slot in hand): PATCH with conflict retry, then verification as asked.</summary>
    private async Task<BatchResult> SendAsync((ConversationId Conversation, ParticipantId Participant) key, ParticipantLane lane, PendingWrites batch, BudgetTicket? ticket)
    {
        var tally = batch.Tally;
        var sentAt = DateTimeOffset.MinValue;
        (FailureReason Reason, string Message)? failure = null;
        var resolved = ResolveReapplyKeys(key, batch);
        if (resolved)
        {
            try
            {
                await _retry.RunAsync(
                    async attempt =>
                    {
                        var held = ticket;
                        if (attempt > 0)
                        {
                            var (next, waited) = await _admission.AcquireAsync(lane, batch).ConfigureAwait(false);
                            if (next is null && _client.RequestBudget is not null)
                            {
                                throw new DeadlinePassedException($"the deadline passed while a retry waited for the request budget ({tally.Conflicts} conflicts)");
                            }

                            tally.AddQueued(waited);
                            _admission.Absorb(lane, batch, next);
                            ResolveReapplyKeys(key, batch);
                            held = next;
                        }

                        var remaining = batch.Deadline - _time.GetUtcNow();
                        if (remaining <= TimeSpan.Zero || batch.Values.Count == 0)
                        {
                            held?.Cancel();
                            if (batch.Values.Count == 0)
                            {
                                return;
                            }

                            throw new DeadlinePassedException($"the deadline passed after {tally.Attempts} attempts ({tally.Conflicts} conflicts)");
                        }

                        var request = _client.NewDeadline(remaining, batch.Priority);
                        if (held is not null)
                        {
                            request.Hold(held);
                        }

                        sentAt = _time.GetUtcNow();
                        try
                        {
                            await _client.PatchAttributesAsync(key.Conversation, key.Participant, batch.Values, request, CancellationToken.None).ConfigureAwait(false);
                        }
                        finally
                        {
                            tally.Add(request);
                        }
                    },
                    batch.Deadline,
                    tally.Conflict).ConfigureAwait(false);
            }
            catch (DeadlinePassedException e)
            {
                failure = (FailureReason.DeadlinePassed, e.Message);
            }
            catch (GenesysApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                failure = (FailureReason.DeadlinePassed, $"the deadline passed after {tally.Conflicts} conflicts (409: {e.ErrorMessage})");
            }
            catch (GenesysApiException e) when (ResiliencePipelines.IsTransientStatus(e.Status))
            {
                failure = (FailureReason.DeadlinePassed, e.Hint is null ? e.Message : $"{e.Message} ({e.Hint})");
            }
            catch (GenesysApiException e)
            {
                failure = (FailureReason.Rejected, e.Hint is null ? e.Message : $"{e.Message} ({e.Hint})");
            }
            catch (ParticipantDataTimeoutException e)
            {
                failure = (FailureReason.DeadlinePassed, e.Message);
            }
            catch (ParticipantDataException e)
            {
                failure = (FailureReason.Rejected, e.Message);
            }
        }

        var applied = failure is null && batch.Values.Count > 0;
        if (applied)
        {
            _admission.Committed(key, batch.Values.Keys);
            _ensure.Supersede(key, batch.Values);
        }

        foreach (var waiter in batch.Waiters.Where(w => w.Ensured is not null))
        {
            waiter.Ensured!.Settle(applied ? batch.Values : null, waiter.EnsureUntil, sentAt);
        }

        if (failure is { } failed)
        {
            return BatchResult.Fail(failed.Reason, failed.Message, tally);
        }

        if (batch.Verify != VerifyMode.ReadBack || !applied)
        {
            return BatchResult.Applied(tally) with { Ensured = applied && batch.Verify == VerifyMode.Ensure };
        }

        var reading = await _reader.ReadAsync(key.Conversation, key.Participant, batch.Deadline, tally, CancellationToken.None).ConfigureAwait(false);
        if (reading.Failure is not null)
        {
            return BatchResult.Fail(FailureReason.NotVerified, $"written, but could not be read back: {reading.Failure}", tally);
        }

        var differing = ReadBack.Differing(batch.Values, reading.Attributes!);
        return differing.Count == 0
            ? BatchResult.Applied(tally, WriteOutcome.Verified)
            : BatchResult.Fail(
                FailureReason.NotVerified,
                $"read back differs{(reading.Ended ? " and the conversation has ended" : "")}: {Describe(differing, reading.Attributes!)}",
                tally);
    }

    /// <summary>
    /// A re-apply writes what is ensured now, not what was ensured when it was queued: a newer write that
    /// committed in between must not be overwritten by an older value. False when nothing is left to send.
    /// </summary>
    private bool ResolveReapplyKeys((ConversationId, ParticipantId) key, PendingWrites batch)
    {
        if (batch.ReapplyKeys.Count == 0)
        {
            return batch.Values.Count > 0;
        }

        var current = _ensure.Current(key);
        foreach (var reapplied in batch.ReapplyKeys)
        {
            if (current.TryGetValue(reapplied, out var value))
            {
                batch.Values[reapplied] = value;
            }
            else
            {
                batch.Values.Remove(reapplied);
            }
        }

        batch.ReapplyKeys.Clear();
        return batch.Values.Count > 0;
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

    private sealed class DeadlinePassedException(string message) : Exception(message);
}
