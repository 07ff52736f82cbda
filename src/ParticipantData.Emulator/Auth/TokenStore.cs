using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ParticipantData.Emulator.Auth;

/// <summary>An access token the emulator issued, with its owner and expiry.</summary>
internal sealed record IssuedToken(string AccessToken, EmulatorOAuthClient Client, DateTimeOffset ExpiresAt);

/// <summary>Issues opaque random tokens and checks them against the injected clock.</summary>
internal sealed class TokenStore(TimeProvider timeProvider, TimeSpan lifetime)
{
    // Expired tokens are dropped when seen, and swept when this many are held, so a long run stays bounded.
    private const int SweepThreshold = 10_000;

    /// <summary>Characters of an access token: 48 random bytes in base64url.</summary>
    public const int TokenLength = 64;

    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    // Tokens no longer valid (expired, revoked), remembered so the journal can still recognise them; bounded.
    private readonly ConcurrentDictionary<string, byte> _retired = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public IssuedToken Issue(EmulatorOAuthClient client)
    {
        if (_tokens.Count >= SweepThreshold)
        {
            Sweep();
        }

        var token = new IssuedToken(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48)), client, timeProvider.GetUtcNow() + lifetime);
        _tokens[token.AccessToken] = token;
        return token;
    }

    /// <summary>The token's record while it is valid; null when unknown or expired.</summary>
    public IssuedToken? Validate(string accessToken)
    {
        if (!_tokens.TryGetValue(accessToken, out var token))
        {
            return null;
        }

        if (timeProvider.GetUtcNow() >= token.ExpiresAt)
        {
            Retire(accessToken);
            return null;
        }

        return token;
    }

    /// <summary>Invalidates every token of the client (the fault plan's token revocation). Returns how many.</summary>
    public int RevokeClient(string clientId)
    {
        var revoked = 0;
        foreach (var (key, token) in _tokens)
        {
            if (string.Equals(token.Client.ClientId, clientId, StringComparison.Ordinal) && Retire(key))
            {
                revoked++;
            }
        }

        return revoked;
    }

    /// <summary>True for any token this store issued and still remembers, valid or not.</summary>
    public bool WasIssued(string candidate) => _tokens.ContainsKey(candidate) || _retired.ContainsKey(candidate);

    private bool Retire(string accessToken)
    {
        if (!_tokens.TryRemove(accessToken, out _))
        {
            return false;
        }

        if (_retired.Count >= SweepThreshold)
        {
            _retired.Clear();
        }

        _retired[accessToken] = 0;
        return true;
    }

    private void Sweep()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (key, token) in _tokens)
        {
            if (now >= token.ExpiresAt)
            {
                Retire(key);
            }
        }
    }
}
