namespace ParticipantData.Relay.Store;

/// <summary>
/// Claims of a store that one relay process owns (the SQLite file): kept in memory, with the same lease and retry
/// rules as the claims PostgreSQL keeps for several instances, so one delivery service serves both.
/// </summary>
internal sealed class InProcessClaims
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Held> _claims = new(StringComparer.Ordinal);

    /// <summary>Claims from <paramref name="candidates"/> (oldest first) what is free and due.</summary>
    public IReadOnlyList<string> Claim(IEnumerable<string> candidates, string owner, int max, DateTimeOffset now, TimeSpan lease)
    {
        var claimed = new List<string>();
        lock (_gate)
        {
            foreach (var conversation in candidates)
            {
                if (claimed.Count >= max)
                {
                    break;
                }

                if (_claims.TryGetValue(conversation, out var held) && ((held.Owner is not null && held.LeaseUntil > now) || held.RetryAt > now))
                {
                    continue;
                }

                _claims[conversation] = new Held(owner, now + lease, DateTimeOffset.MinValue);
                claimed.Add(conversation);
            }
        }

        return claimed;
    }

    public IReadOnlyList<string> Renew(string owner, IReadOnlyCollection<string> conversations, DateTimeOffset now, TimeSpan lease)
    {
        var held = new List<string>();
        lock (_gate)
        {
            foreach (var conversation in conversations)
            {
                if (_claims.TryGetValue(conversation, out var claim) && claim.Owner == owner)
                {
                    _claims[conversation] = claim with { LeaseUntil = now + lease };
                    held.Add(conversation);
                }
            }
        }

        return held;
    }

    public void Release(string owner, string conversation, DateTimeOffset retryAt)
    {
        lock (_gate)
        {
            if (!_claims.TryGetValue(conversation, out var claim) || claim.Owner != owner)
            {
                return;
            }

            if (retryAt > DateTimeOffset.MinValue)
            {
                _claims[conversation] = new Held(null, DateTimeOffset.MinValue, retryAt);
            }
            else
            {
                _claims.Remove(conversation);
            }
        }
    }

    private sealed record Held(string? Owner, DateTimeOffset LeaseUntil, DateTimeOffset RetryAt);
}
