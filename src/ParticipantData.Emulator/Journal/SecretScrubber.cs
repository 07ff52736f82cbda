using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParticipantData.Emulator.Auth;

namespace ParticipantData.Emulator.Journal;

/// <summary>
/// Takes the emulator's own secrets out of any text it stores or answers: every configured client secret
/// (as sent raw, percent-encoded, form-encoded, JSON-escaped, or inside a Basic credential) and every access
/// token it issued. Field-based redaction (<see cref="Redaction"/>) catches secrets by where they stand; this
/// catches them by what they are, wherever they were posted and however they were encoded.
/// </summary>
internal sealed partial class SecretScrubber
{
    /// <summary>Secrets shorter than this are not searched for in text: masking every "a" would garble the journal.</summary>
    public const int MinScrubbedLength = 6;

    private readonly string[] _needles;
    private readonly TokenStore _tokens;

    public SecretScrubber(IEnumerable<EmulatorOAuthClient> clients, TokenStore tokens)
    {
        _tokens = tokens;
        _needles = clients
            .Where(c => c.ClientSecret.Length >= MinScrubbedLength)
            .SelectMany(c => Encodings(c.ClientId, c.ClientSecret))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(n => n.Length)
            .ToArray();
    }

    public string Scrub(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        foreach (var needle in _needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal))
            {
                text = text.Replace(needle, Redaction.Mask, StringComparison.Ordinal);
            }
        }

        return text.Length < TokenStore.TokenLength
            ? text
            : TokenCandidate().Replace(text, m => _tokens.WasIssued(m.Value) ? Redaction.Mask : m.Value);
    }

    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    private static IEnumerable<string> Encodings(string clientId, string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return WebUtility.UrlEncode(secret);
        yield return JsonEncodedText.Encode(secret).ToString();
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret));
    }

    // A run of exactly the issued tokens' length of base64url characters, not part of a longer run.
    [GeneratedRegex("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex TokenCandidate();
}
