using System.Text;
using Microsoft.AspNetCore.Http;

namespace ParticipantData.Relay.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> or HTTP Basic with the key as password (what a Genesys web
/// services data action sends). Every configured key is compared, in constant time, whatever matched first.
/// </summary>
internal sealed class ApiKeyAuthenticator(IReadOnlyList<ApiKey> keys)
{
    /// <summary>The name of the key presented, or null with why the request is refused (never echoing the key).</summary>
    public (string? Caller, string? Refusal) Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return (null, "No credentials: send the relay's API key as 'Authorization: Bearer KEY' or as the password of HTTP Basic.");
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 ? header[..space] : header;
        var value = space > 0 ? header[(space + 1)..].Trim() : "";
        string? presented = null;
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            presented = value;
        }
        else if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            presented = BasicPassword(value);
            if (presented is null)
            {
                return (null, "The HTTP Basic credentials are malformed: send base64(user:KEY).");
            }
        }
        else
        {
            return (null, $"Unsupported authorization scheme '{(scheme.Length > 16 ? scheme[..16] + "…" : scheme)}': use Bearer or Basic.");
        }

        if (presented.Length == 0)
        {
            return (null, "The API key is empty.");
        }

        var hash = ApiKey.Hash(presented);
        string? caller = null;
        foreach (var key in keys)
        {
            if (key.Matches(hash))
            {
                caller ??= key.Name;
            }
        }

        return caller is null ? (null, "The API key is not valid for this relay.") : (caller, null);
    }

    private static string? BasicPassword(string value)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
