namespace ParticipantData.Emulator.Journal;

/// <summary>A bounded, thread-safe record of requests: when full, the oldest entry is dropped.</summary>
internal sealed class RequestJournal(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<JournalEntry> _entries = new();

    public void Record(JournalEntry entry)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_gate)
        {
            while (_entries.Count >= capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
        }
    }

    /// <summary>Entries whose path starts with <paramref name="pathPrefix"/>, the last <paramref name="limit"/> of them, oldest first.</summary>
    public List<JournalEntry> Read(string? pathPrefix, int? limit)
    {
        List<JournalEntry> matching;
        lock (_gate)
        {
            matching = _entries
                .Where(e => string.IsNullOrEmpty(pathPrefix) || e.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
                .ToList();
        }

        return limit is { } n && n < matching.Count ? matching.GetRange(matching.Count - n, n) : matching;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
