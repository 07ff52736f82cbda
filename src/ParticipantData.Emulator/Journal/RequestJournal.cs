namespace ParticipantData.Emulator.Journal;

/// <summary>
/// A bounded, thread-safe record of requests, bounded twice: by entries (<paramref name="capacity"/>) and by
/// bytes (<paramref name="maxBytes"/>, estimated from the entries' text). When either is reached the oldest
/// entries are dropped first.
/// </summary>
internal sealed class RequestJournal(int capacity, long maxBytes = EmulatorLimits.DefaultJournalMaxBytes)
{
    private readonly Lock _gate = new();
    private readonly Queue<(JournalEntry Entry, long Bytes)> _entries = new();
    private long _bytes;

    /// <summary>The estimated bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public void Record(JournalEntry entry)
    {
        if (capacity <= 0)
        {
            return;
        }

        var size = SizeOf(entry);
        lock (_gate)
        {
            while (_entries.Count > 0 && (_entries.Count >= capacity || _bytes + size > maxBytes))
            {
                _bytes -= _entries.Dequeue().Bytes;
            }

            if (size <= maxBytes)
            {
                _entries.Enqueue((entry, size));
                _bytes += size;
            }
        }
    }

    /// <summary>Entries whose path starts with <paramref name="pathPrefix"/>, the last <paramref name="limit"/> of them, oldest first.</summary>
    public List<JournalEntry> Read(string? pathPrefix, int? limit)
    {
        List<JournalEntry> matching;
        lock (_gate)
        {
            matching = _entries
                .Select(e => e.Entry)
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
            _bytes = 0;
        }
    }

    // UTF-16 text plus a fixed overhead for the objects around it.
    private static long SizeOf(JournalEntry entry)
    {
        const int Overhead = 512;
        long chars = entry.Time.Length + entry.Method.Length + entry.Path.Length + (entry.Query?.Length ?? 0)
            + (entry.ClientId?.Length ?? 0) + entry.CorrelationId.Length
            + (entry.RequestBody?.Length ?? 0) + (entry.ResponseBody?.Length ?? 0) + (entry.Note?.Length ?? 0);
        foreach (var (name, value) in entry.RequestHeaders)
        {
            chars += name.Length + value.Length + 32;
        }

        return Overhead + (chars * 2);
    }
}
