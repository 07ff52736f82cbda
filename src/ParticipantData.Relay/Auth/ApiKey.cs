using System.Security.Cryptography;
using System.Text;

namespace ParticipantData.Relay.Auth;

/// <summary>
/// An API key the relay accepts, held only as its SHA-256 hash (the form <c>relay.yaml</c> stores). The
/// name identifies the caller in logs and status answers; the key itself is never kept or shown.
/// </summary>
public sealed class ApiKey
{
    private readonly byte[] _hash;

    private ApiKey(string name, byte[] hash)
    {
        Name = name;
        _hash = hash;
    }

    public string Name { get; }

    /// <summary>A key given in clear (<c>--api-key</c>): hashed at once.</summary>
    public static ApiKey FromSecret(string name, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new ApiKey(name, Hash(key));
    }

    /// <summary>A key configured by its hash: 64 hex digits, optionally prefixed <c>sha256:</c>.</summary>
    /// <exception cref="FormatException">Not a SHA-256 hex digest.</exception>
    public static ApiKey FromHash(string name, string hexHash)
    {
        ArgumentNullException.ThrowIfNull(hexHash);
        var hex = hexHash.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? hexHash[7..] : hexHash;
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"The hash of API key '{name}' is not a SHA-256 hex digest (64 hex digits); make one with 'pdata relay hash-key'.");
        }

        return new ApiKey(name, Convert.FromHexString(hex));
    }

    /// <summary>The form to put in <c>relay.yaml</c>: <c>sha256:</c> and 64 hex digits.</summary>
    public static string HashText(string key) => "sha256:" + Convert.ToHexStringLower(Hash(key));

    internal bool Matches(ReadOnlySpan<byte> presentedHash) => CryptographicOperations.FixedTimeEquals(_hash, presentedHash);

    internal static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
