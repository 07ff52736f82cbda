using System.Net;

namespace ParticipantData.Client;

/// <summary>One line of advice for each way a platform call fails.</summary>
internal static class ErrorHints
{
    private const string PermissionsMarker = "permission(s):";

    public static string? For(HttpStatusCode status, string? code, string? message, string operation) => (int)status switch
    {
        400 when code is "invalid.value" || (message?.Contains("string", StringComparison.OrdinalIgnoreCase) ?? false) =>
            "Participant attribute values must be strings: send numbers and booleans as text (\"42\", \"true\") and flatten objects.",
        400 when message?.Contains("ended", StringComparison.OrdinalIgnoreCase) ?? false =>
            "The conversation has ended; participant data can only be written while it is active.",
        400 => "The platform could not read the request; check the attribute keys and values.",
        401 => "The access token was rejected even after renewal: check that the OAuth client is active and the region is the org's region.",
        403 => MissingPermissions(message) is { } permissions
            ? $"Add the permission(s) {permissions} to a role of the OAuth client (Admin > Integrations > OAuth > Roles)."
            : "The OAuth client is not allowed to do this; check the roles assigned to it (Admin > Integrations > OAuth > Roles).",
        404 => "Check the conversation and participant ids (and the region: ids of another org are not found). Attributes are written with PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes; there is no PATCH /api/v2/conversations/{conversationId}.",
        409 => "Another service modified the conversation at the same moment; write again (the attribute PATCH is a merge, so retrying is safe).",
        415 => "Send the body as JSON with Content-Type: application/json.",
        429 => "The OAuth client's rate limit (300 requests per minute by default) is exhausted; slow down or spread work across time.",
        >= 500 => "Genesys Cloud failed to process the request; it was retried. Try again later and quote the contextId to support if it persists.",
        _ => null,
    };

    /// <summary>Pulls "a:b:c, d:e:f" out of "…missing the following permission(s): a:b:c, d:e:f".</summary>
    public static string? MissingPermissions(string? message)
    {
        var at = message?.IndexOf(PermissionsMarker, StringComparison.OrdinalIgnoreCase) ?? -1;
        return at < 0 ? null : message![(at + PermissionsMarker.Length)..].Trim().TrimEnd('.');
    }
}
