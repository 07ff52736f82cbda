using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Journal;

/// <summary>Takes credentials out of what the journal stores: the journal is readable without authentication.</summary>
internal static partial class Redaction
{
    public const string Mask = "***";

    /// <summary>Headers worth keeping for verification; anything else is not recorded.</summary>
    private static readonly string[] RecordedHeaders = ["Authorization", "Content-Type", "Accept", "User-Agent", "purecloud-sdk"];

    // Form and query fields that carry secrets in any OAuth grant.
    private static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "client_secret", "access_token", "refresh_token", "password", "assertion", "code", "code_verifier",
    };

    public static Dictionary<string, string> SelectHeaders(IHeaderDictionary headers)
    {
        var selected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in RecordedHeaders)
        {
            if (headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value))
            {
                selected[name] = string.Equals(name, "Authorization", StringComparison.Ordinal)
                    ? RedactAuthorization(value.ToString())
                    : value.ToString();
            }
        }

        return selected;
    }

    /// <summary>Keeps the scheme, hides the credentials: <c>Bearer ***</c>, <c>Basic ***</c>.</summary>
    public static string RedactAuthorization(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? value[..space] + " " + Mask : Mask;
    }

    public static string RedactForm(IReadOnlyDictionary<string, StringValues> form) =>
        string.Join('&', form.SelectMany(field => field.Value.Select(value =>
            Uri.EscapeDataString(field.Key) + "=" + (SecretFields.Contains(field.Key) ? Mask : Uri.EscapeDataString(value ?? "")))));

    public static string? RedactQuery(QueryString query)
    {
        if (!query.HasValue)
        {
            return null;
        }

        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value);
        return parsed.Keys.Any(SecretFields.Contains) ? "?" + RedactForm(parsed) : query.Value;
    }

    /// <summary>
    /// What the journal may keep of a request body, on any path: a form (by its content type, or by the look
    /// of a secret field such as <c>client_secret=</c>) with its secret fields masked; on a login-like path any
    /// other body is not kept at all (it may hold the secret in any encoding); elsewhere the text with the
    /// values of secret-named JSON properties masked. <see cref="SecretScrubber"/> runs over the result too.
    /// </summary>
    public static string? RequestBody(string path, string? contentType, byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        var form = TokenEndpoint.ReadForm(contentType, body);
        var text = Encoding.UTF8.GetString(body);
        if (form.Count == 0 && SecretFormField().IsMatch(text))
        {
            form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text);
        }

        if (form.Count > 0)
        {
            return RedactForm(form);
        }

        if (IsLoginLike(path))
        {
            return $"{Mask} ({body.Length} bytes, not a form body, not recorded)";
        }

        return SecretJsonValue().Replace(text, m => m.Groups["name"].Value + Mask + "\"");
    }

    /// <summary>Paths where a token request may have been meant: <c>/oauth/token</c> and its misspellings.</summary>
    public static bool IsLoginLike(string path) =>
        path.Contains("oauth", StringComparison.OrdinalIgnoreCase) || path.Contains("token", StringComparison.OrdinalIgnoreCase);

    public static string RedactTokenResponse(OAuthTokenResponse response) =>
        JsonSerializer.Serialize(response with { AccessToken = Mask }, EmulatorJsonContext.Default.OAuthTokenResponse);

    /// <summary>Cuts <paramref name="text"/> to <paramref name="maxBytes"/> UTF-8 bytes, with a marker saying how long it was.</summary>
    public static string? Truncate(string? text, int maxBytes)
    {
        if (text is null || text.Length <= maxBytes / 4)
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= maxBytes)
        {
            return text;
        }

        var keep = Math.Min(text.Length, maxBytes);
        while (keep > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, keep)) > maxBytes)
        {
            keep = keep * 3 / 4;
        }

        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + $"... [truncated: {bytes} bytes in all]";
    }

    [GeneratedRegex("(?:^|&)(?:client_secret|client_id|grant_type|password|access_token|refresh_token|assertion|code|code_verifier)=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretFormField();

    [GeneratedRegex(@"(?<name>""(?:client_secret|clientSecret|secret|password|access_token|accessToken|refresh_token|assertion|api_key|apiKey)""\s*:\s*"")(?:[^""\\]|\\.)*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretJsonValue();
}
