using System.Collections.Concurrent;
using ParticipantData.Client.Attributes.Admission;

namespace ParticipantData.Client.Attributes.Ensure;

/// <summary>
/// Keeps ensured values in place, one watcher per participant. With a notifications listener the watcher learns of
/// overwrites from the conversation's attribute events and spends no REST request, except one read when events may
/// have been missed: the write committed before the subscription was in place, or the socket reconnected. Without a
/// listener it polls every <see cref="AttributeWriterOptions.EnsurePollInterval"/>. Reads queue below every write.
/// An overwritten value goes back through the participant's lane, so a newer queued write always wins.
/// </summary>
internal sealed class EnsureRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(ConversationId, ParticipantId), EnsuredParticipant> _participants = new();
    private readonly AttributeWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ReadBack _reader;
    private readonly NotificationsClient? _notifications;
    private readonly Func<(ConversationId, ParticipantId), Dictionary<string, string>, Task<BatchResult>> _reapply;
    private int _reads;
    private int _events;
    private int _reapplied;

    public EnsureRegistry(
        AttributeWriterOptions options,
        TimeProvider time,
        ReadBack reader,
        NotificationsClient? notifications,
        Func<(ConversationId, ParticipantId), Dictionary<string, string>, Task<BatchResult>> reapply)
    {
        _options = options;
        _time = time;
        _reader = reader;
        _notifications = notifications;
        _reapply = reapply;
        if (notifications is not null)
        {
            notifications.ConnectionChanged += OnConnectionChanged;
        }
    }

    public EnsureStatistics Statistics =>
        new(Volatile.Read(ref _reads), Volatile.Read(ref _events), Volatile.Read(ref _reapplied), _participants.Values.Sum(p => p.Count));

    /// <summary>An Ensure write is about to go out: start watching (and subscribing) now, so events cover its commit.</summary>
    public EnsuredParticipant Expect((ConversationId, ParticipantId) key)
    {
        while (true)
        {
            var fresh = new EnsuredParticipant { UsesEvents = _notifications is not null };
            var participant = _participants.GetOrAdd(key, fresh);
            if (!participant.TryExpect())
            {
                _participants.TryRemove(new KeyValuePair<(ConversationId, ParticipantId), EnsuredParticipant>(key, participant));
                continue; // it had just retired
            }

            if (ReferenceEquals(participant, fresh))
            {
                participant.Watch = Task.Run(() => WatchAsync(key, participant), CancellationToken.None);
            }

            return participant;
        }
    }

    public bool IsListening((ConversationId, ParticipantId) key) =>
        _participants.TryGetValue(key, out var participant) && participant.UsesEvents && participant.ListeningSince is not null && participant.IsQuiet;

    /// <summary>What is ensured for the participant now (a queued re-apply takes its values from here).</summary>
    public Dictionary<string, string> Current((ConversationId, ParticipantId) key) =>
        _participants.TryGetValue(key, out var participant) ? participant.Current(_time.GetUtcNow()) : [];

    /// <summary>A newer value of an ensured key committed: it is what must be kept now.</summary>
    public void Supersede((ConversationId, ParticipantId) key, IReadOnlyDictionary<string, string> values)
    {
        if (_participants.TryGetValue(key, out var participant))
        {
            participant.Supersede(values);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_notifications is not null)
        {
            _notifications.ConnectionChanged -= OnConnectionChanged;
        }

        var watchers = _participants.Values.ToList();
        foreach (var participant in watchers)
        {
            await participant.Stop.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(watchers.Select(w => w.Watch ?? Task.CompletedTask)).ConfigureAwait(false);
        _participants.Clear();
    }

    private void OnConnectionChanged(object? sender, NotificationConnectionChangedEventArgs e)
    {
        if (e.State == NotificationConnectionState.Connected && e.Reconnects > 0)
        {
            foreach (var participant in _participants.Values)
            {
                participant.WantCheck(); // events published during the gap are lost
            }
        }
    }

    private async Task WatchAsync((ConversationId Conversation, ParticipantId Participant) key, EnsuredParticipant participant)
    {
        var stop = participant.Stop.Token;
        NotificationSubscription? subscription = null;
        Task listening = Task.CompletedTask;
        if (_notifications is not null)
        {
            try
            {
                subscription = await _notifications.SubscribeToAttributesAsync(key.Conversation, stop).ConfigureAwait(false);
                participant.ListeningSince = _time.GetUtcNow();
                listening = ListenAsync(key, participant, subscription, stop);
                participant.Listened();
            }
            catch (Exception e) when (e is ParticipantDataException or HttpRequestException or System.Net.WebSockets.WebSocketException or TimeoutException or ArgumentException)
            {
                participant.UsesEvents = false; // no listener to be had: poll instead
                participant.WantCheck();
                participant.Listened();
            }
            catch (OperationCanceledException)
            {
                participant.Listened();
                return;
            }
        }

        participant.Listened();
        try
        {
            var nextPoll = _time.GetUtcNow() + _options.EnsurePollInterval;
            while (!stop.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                if (participant.TryRetire(now))
                {
                    _participants.TryRemove(new KeyValuePair<(ConversationId, ParticipantId), EnsuredParticipant>(key, participant));
                    return;
                }

                var polling = !participant.UsesEvents;
                participant.Idle = false;
                if (participant.TakeCheck() || (polling && now >= nextPoll))
                {
                    await CheckAsync(key, participant, stop).ConfigureAwait(false);
                    nextPoll = _time.GetUtcNow() + _options.EnsurePollInterval;
                    continue;
                }

                participant.Idle = true;
                var wakeAt = participant.NextExpiry();
                if (polling && (wakeAt is null || nextPoll < wakeAt))
                {
                    wakeAt = nextPoll;
                }

                await SleepAsync(participant.Woken(), wakeAt, stop).ConfigureAwait(false);
            }
        }
        finally
        {
            if (subscription is not null)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }

            await listening.ConfigureAwait(false);
        }
    }

    private async Task SleepAsync(Task woken, DateTimeOffset? until, CancellationToken stop)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var wait = until is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (wait != Timeout.InfiniteTimeSpan && wait <= TimeSpan.Zero)
        {
            return;
        }

        var delay = Task.Delay(wait, _time, timer.Token);
        await Task.WhenAny(woken, delay).ConfigureAwait(false); // the delay ends with stop too (linked)
        await timer.CancelAsync().ConfigureAwait(false);
    }

    private async Task ListenAsync((ConversationId Conversation, ParticipantId Participant) key, EnsuredParticipant participant, NotificationSubscription subscription, CancellationToken stop)
    {
        try
        {
            await foreach (var update in subscription.ReadAttributeUpdatesAsync(stop).ConfigureAwait(false))
            {
                if (update.ParticipantId != key.Participant)
                {
                    continue;
                }

                Interlocked.Increment(ref _events);
                var differing = participant.Current(_time.GetUtcNow())
                    .Where(kept => update.Attributes.TryGetValue(kept.Key, out var now) && now != kept.Value)
                    .ToDictionary(kept => kept.Key, kept => kept.Value, StringComparer.Ordinal);
                if (differing.Count > 0)
                {
                    await ReapplyAsync(key, participant, differing).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The watcher retired or the writer was disposed.
        }
    }

    /// <summary>Reads the participant once and re-applies ensured values that differ; lets go when the conversation ended.</summary>
    private async Task CheckAsync((ConversationId Conversation, ParticipantId Participant) key, EnsuredParticipant participant, CancellationToken stop)
    {
        var kept = participant.Current(_time.GetUtcNow());
        if (kept.Count == 0)
        {
            return;
        }

        var tally = new WriteTally();
        ReadBack.Reading reading;
        try
        {
            reading = await _reader.ReadAsync(key.Conversation, key.Participant, _time.GetUtcNow() + _options.EnsurePollInterval, tally, stop).ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return; // stopped mid-read (a cancelled read surfaces as Polly's timeout or a cancellation)
        }

        if (tally.Attempts > 0)
        {
            Interlocked.Increment(ref _reads); // counted once the read is done, so a count says what has been seen
        }

        if (reading.Ended)
        {
            participant.Clear(); // nothing to keep once the conversation is over
            return;
        }

        if (reading.Failure is null && ReadBack.Differing(kept, reading.Attributes!) is { Count: > 0 } differing)
        {
            await ReapplyAsync(key, participant, differing).ConfigureAwait(false);
        }
    }

    private async Task ReapplyAsync((ConversationId, ParticipantId) key, EnsuredParticipant participant, Dictionary<string, string> differing)
    {
        Interlocked.Increment(ref _reapplied);
        var result = await _reapply(key, differing).ConfigureAwait(false);
        if (result.Reason == FailureReason.Rejected)
        {
            participant.Clear(); // the conversation ended or the participant left: nothing to keep
        }
    }
}
