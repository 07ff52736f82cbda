using ParticipantData.Emulator.Attributes;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.Conversations;

/// <summary>
/// The one place conversation state lives. Every mutation goes through a method here, under one lock,
/// replaces the conversation's snapshot with a new one whose <see cref="ConversationSnapshot.Version"/> is
/// one higher, and then raises <see cref="Changed"/> (outside the lock), so later features (contention,
/// lifecycle, notifications) hook in without touching the endpoints.
/// </summary>
internal sealed class ConversationStore(TimeProvider timeProvider, LimitSettings? limits = null, Action<Exception>? onHandlerFailure = null)
{
    private readonly LimitSettings _limits = limits ?? LimitSettings.Default;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConversationSnapshot> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Raised after every committed change, outside the lock: order one conversation's changes by version.</summary>
    public event EventHandler<ConversationChangedEventArgs>? Changed;

    public TimeProvider TimeProvider => timeProvider;

    public ConversationSnapshot Create(NewConversation request) => Add(ConversationFactory.Build(request, Now()));

    /// <summary>Adds a conversation built elsewhere (e.g. the lifecycle's first state).</summary>
    /// <exception cref="ConversationLimitException">The store holds <see cref="EmulatorLimits.MaxConversations"/> live conversations.</exception>
    public ConversationSnapshot Add(ConversationSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_order.Count >= _limits.MaxConversations && !EvictOldestEnded())
            {
                throw new ConversationLimitException(
                    $"The emulator holds {_order.Count} live conversations, its limit (EmulatorOptions.Limits.MaxConversations, {_limits.MaxConversations}): " +
                    "disconnect some (ended ones make room), or start the emulator with a higher limit.");
            }

            _byId.Add(snapshot.Id, snapshot);
            _order.Add(snapshot.Id);
        }

        Raise(new ConversationChangedEventArgs(ConversationChangeKind.Created, snapshot));
        return snapshot;
    }

    public ConversationSnapshot? Find(string conversationId)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(conversationId);
        }
    }

    public IReadOnlyList<ConversationSnapshot> List()
    {
        lock (_gate)
        {
            return _order.Select(id => _byId[id]).ToList();
        }
    }

    /// <summary>Ends a conversation: every participant disconnected, end times set. Idempotent. Null when unknown.</summary>
    public ConversationSnapshot? Disconnect(string conversationId)
    {
        ConversationSnapshot updated;
        lock (_gate)
        {
            if (!_byId.TryGetValue(conversationId, out var current))
            {
                return null;
            }

            if (current.Ended)
            {
                return current;
            }

            var now = Now();
            updated = current with
            {
                EndTime = now,
                Version = current.Version + 1,
                Participants = current.Participants.Select(p => p.EndTime is not null ? p : p with
                {
                    EndTime = now,
                    State = "disconnected",
                    // The customer hangs up; everyone else is disconnected by the other side.
                    DisconnectType = string.Equals(p.Purpose, "customer", StringComparison.Ordinal) ? "endpoint" : "peer",
                }).ToList(),
            };
            _byId[conversationId] = updated;
        }

        Raise(new ConversationChangedEventArgs(ConversationChangeKind.Disconnected, updated));
        return updated;
    }

    /// <summary>Merges attributes into a participant: keys given replace keys held, other keys are kept.</summary>
    public AttributeWriteOutcome WriteAttributes(AttributeWrite write)
    {
        ConversationSnapshot updated;
        ParticipantSnapshot participant;
        ParticipantSnapshot old;
        lock (_gate)
        {
            if (Check(write, out var current, out var index) is { } refused)
            {
                return refused;
            }

            if (write.ExpectedVersion is { } expected && expected != current!.Version)
            {
                return new AttributeWriteOutcome(AttributeWriteStatus.VersionConflict, current, current.Participants[index]);
            }

            old = current!.Participants[index];
            var merged = new Dictionary<string, string>(old.Attributes, StringComparer.Ordinal);
            foreach (var (key, value) in write.Attributes)
            {
                merged[key] = value;
            }

            if (AttributeLimitCheck.CheckHeld(merged, _limits) is { } tooMuch)
            {
                return new AttributeWriteOutcome(AttributeWriteStatus.LimitExceeded, current, old) { Problem = tooMuch };
            }

            participant = old with { Attributes = merged };
            var participants = current.Participants.ToList();
            participants[index] = participant;
            updated = current with { Participants = participants, Version = current.Version + 1 };
            _byId[write.ConversationId] = updated;
        }

        Raise(new ConversationChangedEventArgs(ConversationChangeKind.AttributesChanged, updated)
        {
            ParticipantId = participant.Id,
            ChangedAttributes = write.Attributes,
            Source = write.Source,
            Writer = write.Writer,
        });
        return new AttributeWriteOutcome(AttributeWriteStatus.Written, updated, participant) { Before = old };
    }

    /// <summary>
    /// The first half of a write that takes service time: runs the write's checks and reads the version the
    /// write must still find when it commits. Null when the write may go ahead; otherwise the refusal.
    /// </summary>
    public AttributeWriteOutcome? BeginWrite(AttributeWrite write, out ConversationSnapshot? current)
    {
        lock (_gate)
        {
            return Check(write, out current, out _);
        }
    }

    /// <summary>
    /// Applies a change of state (participants, media events) as one commit that bumps the version.
    /// <paramref name="change"/> runs under the store's lock and gets the live snapshot; returning null
    /// leaves everything as it was. Ended or unknown conversations are left alone (null).
    /// </summary>
    public ConversationSnapshot? Mutate(string conversationId, ConversationChangeKind kind, Func<ConversationSnapshot, ConversationSnapshot?> change)
    {
        ConversationSnapshot updated;
        lock (_gate)
        {
            if (!_byId.TryGetValue(conversationId, out var current) || current.Ended || change(current) is not { } next)
            {
                return null;
            }

            updated = next with { Version = current.Version + 1 };
            _byId[conversationId] = updated;
        }

        Raise(new ConversationChangedEventArgs(kind, updated));
        return updated;
    }

    // The checks every attribute write passes, in the answer order: conversation, media, participant, ended.
    private AttributeWriteOutcome? Check(AttributeWrite write, out ConversationSnapshot? current, out int index)
    {
        index = -1;
        if (!_byId.TryGetValue(write.ConversationId, out current))
        {
            return new AttributeWriteOutcome(AttributeWriteStatus.ConversationNotFound, null, null);
        }

        if (write.RequiredMedia is { } media && media != current.Media)
        {
            return new AttributeWriteOutcome(AttributeWriteStatus.WrongMedia, current, null);
        }

        index = IndexOf(current, write.ParticipantId);
        if (index < 0)
        {
            return new AttributeWriteOutcome(AttributeWriteStatus.ParticipantNotFound, current, null);
        }

        if (current.Ended && !write.AllowEnded)
        {
            return new AttributeWriteOutcome(AttributeWriteStatus.ConversationEnded, current, current.Participants[index]);
        }

        return null;
    }

    private static int IndexOf(ConversationSnapshot conversation, string participantId)
    {
        for (var i = 0; i < conversation.Participants.Count; i++)
        {
            if (string.Equals(conversation.Participants[i].Id, participantId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private DateTimeOffset Now() => timeProvider.GetUtcNow();

    // Called under the lock: drops the oldest ended conversation; false when every conversation is live.
    private bool EvictOldestEnded()
    {
        for (var i = 0; i < _order.Count; i++)
        {
            if (_byId[_order[i]].Ended)
            {
                _byId.Remove(_order[i]);
                _order.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    // A change is committed before its subscribers hear of it: one that fails must not turn the committed
    // write into an error answer (the request would look refused while it applied), nor keep the others from hearing.
    private void Raise(ConversationChangedEventArgs change)
    {
        if (Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ConversationChangedEventArgs>>())
        {
            try
            {
                handler(this, change);
            }
            catch (Exception ex) when (onHandlerFailure is not null)
            {
                onHandlerFailure(ex);
            }
        }
    }
}

/// <summary>
/// An attribute write as the endpoints hand it to the store. <c>RequiredMedia</c> is the media of the route
/// used (null for the generic route); <c>AllowEnded</c> applies a write to an ended conversation;
/// <c>ExpectedVersion</c>, when set, commits only if the conversation is still at that version;
/// <c>Source</c> and <c>Writer</c> say who wrote it (the dashboard's attribute history).
/// </summary>
internal sealed record AttributeWrite(
    string ConversationId,
    string ParticipantId,
    MediaKind? RequiredMedia,
    IReadOnlyDictionary<string, string> Attributes,
    bool AllowEnded,
    long? ExpectedVersion = null,
    AttributeSource Source = AttributeSource.Api,
    string? Writer = null);

internal enum AttributeWriteStatus
{
    Written,
    ConversationNotFound,
    WrongMedia,
    ParticipantNotFound,
    ConversationEnded,
    VersionConflict,

    /// <summary>The merged attributes would pass a limit of <see cref="EmulatorLimits"/>; nothing was written.</summary>
    LimitExceeded,
}

internal sealed record AttributeWriteOutcome(AttributeWriteStatus Status, ConversationSnapshot? Conversation, ParticipantSnapshot? Participant)
{
    /// <summary>For a written outcome: the participant as it was just before the write.</summary>
    public ParticipantSnapshot? Before { get; init; }

    /// <summary>For <see cref="AttributeWriteStatus.LimitExceeded"/>: which limit and by how much.</summary>
    public string? Problem { get; init; }
}

internal enum ConversationChangeKind
{
    Created,
    AttributesChanged,
    Disconnected,

    /// <summary>The lifecycle moved the call on: participants added, connected, disconnected, wrap-up.</summary>
    ParticipantsChanged,

    /// <summary>A media event of the lifecycle that changes no field a reader sees (DTMF) or only <c>held</c>.</summary>
    MediaEvent,
}

internal sealed class ConversationChangedEventArgs(ConversationChangeKind kind, ConversationSnapshot conversation) : EventArgs
{
    public ConversationChangeKind Kind { get; } = kind;

    /// <summary>The conversation as committed by this change.</summary>
    public ConversationSnapshot Conversation { get; } = conversation;

    public string? ParticipantId { get; init; }

    /// <summary>For <see cref="ConversationChangeKind.AttributesChanged"/>: the keys and values written.</summary>
    public IReadOnlyDictionary<string, string>? ChangedAttributes { get; init; }

    /// <summary>For <see cref="ConversationChangeKind.AttributesChanged"/>: who wrote them.</summary>
    public AttributeSource Source { get; init; }

    /// <summary>For <see cref="ConversationChangeKind.AttributesChanged"/>: the OAuth client id, flow or guest that wrote them, when known.</summary>
    public string? Writer { get; init; }
}

/// <summary>The store is full of live conversations (<see cref="EmulatorLimits.MaxConversations"/>).</summary>
internal sealed class ConversationLimitException(string message) : InvalidOperationException(message);
