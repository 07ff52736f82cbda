using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Dashboard;

/// <summary>
/// Every attribute value the store committed, with who wrote it and when, per conversation, participant and
/// key: the dashboard's attribute history. Bounded: <see cref="MaxPerKey"/> values per key and
/// <see cref="MaxConversations"/> conversations (the oldest is forgotten first).
/// </summary>
internal sealed class AttributeHistory
{
    public const int MaxPerKey = 20;
    public const int MaxConversations = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<(string Participant, string Key), List<AttributeChangeDto>>> _byConversation = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly TimeProvider _time;
    private long _version;

    public AttributeHistory(ConversationStore store, TimeProvider time)
    {
        _time = time;
        store.Changed += OnChanged;
    }

    /// <summary>Bumped on every change of any conversation: the dashboard re-renders when it moves.</summary>
    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyList<AttributeChangeDto> Of(string conversationId, string participantId, string key)
    {
        lock (_gate)
        {
            return _byConversation.TryGetValue(conversationId, out var keys) && keys.TryGetValue((participantId, key), out var list)
                ? list.ToList()
                : [];
        }
    }

    private void OnChanged(object? sender, ConversationChangedEventArgs change)
    {
        Interlocked.Increment(ref _version);
        var conversation = change.Conversation;
        var time = IsoTime.Format(_time.GetUtcNow());
        lock (_gate)
        {
            if (change.Kind == ConversationChangeKind.Created)
            {
                var keys = Track(conversation.Id);
                foreach (var participant in conversation.Participants)
                {
                    foreach (var (key, value) in participant.Attributes)
                    {
                        Add(keys, participant.Id, key, new AttributeChangeDto(value, time, Source(AttributeSource.Created), null));
                    }
                }
            }
            else if (change is { Kind: ConversationChangeKind.AttributesChanged, ParticipantId: { } participantId, ChangedAttributes: { } changed })
            {
                var keys = Track(conversation.Id);
                foreach (var (key, value) in changed)
                {
                    Add(keys, participantId, key, new AttributeChangeDto(value, time, Source(change.Source), change.Writer));
                }
            }
        }
    }

    private Dictionary<(string, string), List<AttributeChangeDto>> Track(string conversationId)
    {
        if (_byConversation.TryGetValue(conversationId, out var keys))
        {
            return keys;
        }

        while (_byConversation.Count >= MaxConversations && _order.TryDequeue(out var oldest))
        {
            _byConversation.Remove(oldest);
        }

        keys = [];
        _byConversation[conversationId] = keys;
        _order.Enqueue(conversationId);
        return keys;
    }

    private static void Add(Dictionary<(string, string), List<AttributeChangeDto>> keys, string participantId, string key, AttributeChangeDto entry)
    {
        if (!keys.TryGetValue((participantId, key), out var list))
        {
            list = [];
            keys[(participantId, key)] = list;
        }

        if (list.Count >= MaxPerKey)
        {
            list.RemoveAt(0);
        }

        list.Add(entry);
    }

    public static string Source(AttributeSource source) => source switch
    {
        AttributeSource.Api => "api",
        AttributeSource.Flow => "flow",
        AttributeSource.WriteBack => "write-back",
        AttributeSource.Guest => "guest",
        _ => "created",
    };
}
