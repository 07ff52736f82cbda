using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Journal;

/// <summary>Takes credentials out of what the journal stores: the journal is readable without authentication.</summary>
internal static class Redaction
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

    /// <summary>A login request's body: form fields with secrets masked; any other body is not kept at all.</summary>
    public static string? RedactLoginBody(string? contentType, byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        var form = TokenEndpoint.ReadForm(contentType, body);
        return form.Count > 0 ? RedactForm(form) : $"{Mask} ({body.Length} bytes, not a form body, not recorded)";
    }

    public static string RedactTokenResponse(OAuthTokenResponse response) =>
        JsonSerializer.Serialize(response with { AccessToken = Mask }, EmulatorJsonContext.Default.OAuthTokenResponse);

    /// <summary>Request bodies are stored as text; binary or huge bodies are summarised.</summary>
    public static string? BodyText(byte[] body)
    {
        const int MaxRecorded = 64 * 1024;
        if (body.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxRecorded));
        return body.Length > MaxRecorded ? text + $"... ({body.Length} bytes)" : text;
    }
}
