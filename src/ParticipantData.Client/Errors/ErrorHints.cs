using System.Net;

namespace ParticipantData.Client;

/// <summary>What one platform error means and what to do about it; a row of <see cref="ErrorHints.Table"/>.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The <c>ErrorBody.code</c> (or OAuth <c>error</c>) the platform sends with it.</param>
/// <param name="Meaning">What it means on Genesys Cloud.</param>
/// <param name="Hint">What to do.</param>
internal sealed record ErrorExplanation(int Status, string Code, string Meaning, string Hint);

/// <summary>One line of advice for each way a platform request fails; <c>pdata explain</c> prints the same table.</summary>
internal static class ErrorHints
{
    private const string PermissionsMarker = "permission(s):";

    private const string StringValues = "Participant attribute values must be strings: send numbers and booleans as text (\"42\", \"true\") and flatten objects.";
    private const string Ended = "The conversation has ended; participant data can only be written while it is active.";
    private const string BadRequest = "The platform could not read the request; check the attribute keys and values.";
    private const string Unauthorized = "The access token was rejected even after renewal: check that the OAuth client is active and the region is the org's region.";
    private const string Forbidden = "The OAuth client is not allowed to do this; check the roles assigned to it (Admin > Integrations > OAuth > Roles).";
    private const string NotFound = "Check the conversation and participant ids (and the region: ids of another org are not found). Attributes are written with PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes; there is no PATCH /api/v2/conversations/{conversationId}.";
    private const string Conflict = "Another service modified the conversation at the same moment; write again (the attribute PATCH is a merge, so retrying is safe).";
    private const string UnsupportedMediaType = "Send the body as JSON with Content-Type: application/json.";
    private const string TooManyRequests = "The OAuth client's rate limit (300 requests per minute by default) is exhausted; slow down or spread work across time.";
    private const string ServerError = "Genesys Cloud failed to process the request; it was retried. Try again later and quote the contextId to support if it persists.";

    /// <summary>Every error the platform answers participant-data calls with, in status order.</summary>
    public static IReadOnlyList<ErrorExplanation> Table { get; } =
    [
        new(400, "bad.request", "The request could not be understood: malformed JSON, a missing field, or a write to a conversation that has ended.", BadRequest + " " + Ended),
        new(400, "invalid.value", "A value is not valid for its field. For participant attributes: a value that is not a JSON string (a number, a boolean, an object such as a 'custom' namespace).", StringValues),
        new(400, "invalid_client", "Login (POST /oauth/token) rejected the client id or secret.", "Check GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET, and that the client uses the Client Credentials grant in this org's region."),
        new(401, "authentication.required", "The request had no bearer token.", "Log in with the client-credentials grant and send Authorization: Bearer <access_token>; pdata and the client do this for you."),
        new(401, "bad.credentials", "The bearer token is invalid, expired or revoked.", Unauthorized),
        new(403, "missing.permissions", "The OAuth client's roles lack a permission the operation requires (the message lists it). Scopes do not matter for client credentials; roles do.", "Add the listed permission(s) to a role of the OAuth client (Admin > Integrations > OAuth > Roles); 'pdata doctor' checks the ones participant data needs."),
        new(403, "not.authorized", "The OAuth client may not act on this resource (e.g. another division).", Forbidden),
        new(404, "not.found", "No such conversation or participant in this org and region, or no such route: many forum recipes use endpoints that do not exist.", NotFound),
        new(409, "conflict", "Another write changed the conversation between this request's read of its version and its commit (\"The version number of the modified resource must match the version number in the database\").", Conflict),
        new(415, "unsupported.media.type", "The body was not sent as JSON.", UnsupportedMediaType),
        new(429, "too.many.requests", "The OAuth client used up its request budget (300 per minute, shared by every process of that client); the answer carries Retry-After.", TooManyRequests),
        new(500, "internal.server.error", "Genesys Cloud failed on its side.", ServerError),
        new(502, "bad.gateway", "A gateway in front of Genesys Cloud got no valid answer; retried with backoff.", ServerError),
        new(503, "service.unavailable", "Genesys Cloud is overloaded or in maintenance; retried with backoff.", ServerError),
        new(504, "request.timeout", "Genesys Cloud did not answer in time; retried with backoff.", ServerError),
    ];

    public static string? For(HttpStatusCode status, string? code, string? message, string operation) => (int)status switch
    {
        400 when code is "invalid.value" || (message?.Contains("string", StringComparison.OrdinalIgnoreCase) ?? false) => StringValues,
        400 when message?.Contains("ended", StringComparison.OrdinalIgnoreCase) ?? false => Ended,
        400 => BadRequest,
        401 => Unauthorized,
        403 => MissingPermissions(message) is { } permissions
            ? $"Add the permission(s) {permissions} to a role of the OAuth client (Admin > Integrations > OAuth > Roles)."
            : Forbidden,
        404 => NotFound,
        409 => Conflict,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        >= 500 => ServerError,
        _ => null,
    };

    /// <summary>The rows for a status (<c>409</c>) or a code (<c>conflict</c>, <c>missing.permissions</c>; a part of one, e.g. <c>permissions</c>).</summary>
    public static IReadOnlyList<ErrorExplanation> Explain(string query)
    {
        var text = query.Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            return Table.Where(e => e.Status == status || (status >= 500 && e.Status == 500 && !Table.Any(t => t.Status == status))).ToList();
        }

        var exact = Table.Where(e => string.Equals(e.Code, text, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count > 0 ? exact : Table.Where(e => e.Code.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Pulls "a:b:c, d:e:f" out of "…missing the following permission(s): a:b:c, d:e:f".</summary>
    public static string? MissingPermissions(string? message)
    {
        var at = message?.IndexOf(PermissionsMarker, StringComparison.OrdinalIgnoreCase) ?? -1;
        return at < 0 ? null : message![(at + PermissionsMarker.Length)..].Trim().TrimEnd('.');
    }
}
