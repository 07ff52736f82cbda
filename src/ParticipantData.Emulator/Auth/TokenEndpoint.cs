using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Auth;

/// <summary><c>POST /oauth/token</c>: the client-credentials grant of the login service.</summary>
internal static class TokenEndpoint
{
    public static async Task HandleAsync(RequestContext context)
    {
        var form = ReadForm(context);

        var credentials = ReadCredentials(context.Http.Request, form, out var problem);
        if (credentials is not { } presented)
        {
            await ErrorAsync(context, 401, new OAuthError("invalid_client", problem!)).ConfigureAwait(false);
            return;
        }

        context.Exchange.ClientId = presented.ClientId;
        var settings = context.Services.Settings;
        if (!settings.Clients.TryGetValue(presented.ClientId, out var client))
        {
            await ErrorAsync(context, 401, new OAuthError("invalid_client", "client not found")).ConfigureAwait(false);
            return;
        }

        // Counted before the secret is checked: failed attempts use up the window as well.
        if (!context.Services.TokenRateLimiter.TryAcquire(client.ClientId, out var retryAfter))
        {
            ResponseWriter.SetRetryAfter(context.Http, retryAfter);
            var seconds = (long)settings.RateLimitWindow.TotalSeconds;
            await ErrorAsync(context, 400, new OAuthError(
                "invalid_request",
                $"rate limit exceeded; at most {settings.TokenRequestsPerMinute} token requests within {seconds} seconds per client, retry after {retryAfter} seconds")).ConfigureAwait(false);
            return;
        }

        if (!SecretsEqual(client.ClientSecret, presented.ClientSecret))
        {
            await ErrorAsync(context, 401, new OAuthError("invalid_client", "authentication failed: the client secret is wrong")).ConfigureAwait(false);
            return;
        }

        var grantType = form.TryGetValue("grant_type", out var grant) ? grant.ToString() : null;
        if (string.IsNullOrEmpty(grantType))
        {
            await ErrorAsync(context, 400, new OAuthError(
                "invalid_request",
                "grant_type is required: send grant_type=client_credentials as an application/x-www-form-urlencoded body")).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(grantType, "client_credentials", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, new OAuthError(
                "unsupported_grant_type",
                $"grant type [{grantType}] is not supported by the emulator; use client_credentials")).ConfigureAwait(false);
            return;
        }

        if (form.TryGetValue("scope", out var scope))
        {
            // The platform accepts a scope on a client-credentials request and grants what the client's roles allow.
            context.Exchange.Note = $"scope [{scope}] accepted as the platform does, and ignored: for client credentials the roles of the OAuth client " +
                "(here its permissions) decide what it may do, not scopes.";
        }

        var token = context.Services.Tokens.Issue(client);
        var response = new OAuthTokenResponse(token.AccessToken, "bearer", (long)context.Services.Tokens.Lifetime.TotalSeconds);
        context.Http.Response.Headers.CacheControl = "no-store";
        await context.WriteJsonAsync(200, response, journalBody: Redaction.RedactTokenResponse(response)).ConfigureAwait(false);
    }

    private static Task ErrorAsync(RequestContext context, int status, OAuthError error) =>
        context.WriteJsonAsync(status, new OAuthError(error.Error, context.Services.Scrubber.Scrub(error.Description)));

    private static Dictionary<string, StringValues> ReadForm(RequestContext context) =>
        ReadForm(context.Http.Request.ContentType, context.Exchange.RequestBody);

    /// <summary>The form fields of a urlencoded body; empty for any other content type.</summary>
    internal static Dictionary<string, StringValues> ReadForm(string? contentType, byte[] body)
    {
        if (contentType is null
            || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !string.Equals(parsed.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return new Dictionary<string, StringValues>(StringComparer.Ordinal);
        }

        return QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
    }

    /// <summary>The Basic header as the SDKs send it, else the <c>client_id</c>/<c>client_secret</c> form fields.</summary>
    private static (string ClientId, string ClientSecret)? ReadCredentials(HttpRequest request, Dictionary<string, StringValues> form, out string? problem)
    {
        problem = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                problem = "client authentication must use the Basic scheme: Authorization: Basic base64(client_id:client_secret)";
                return null;
            }

            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (decoded[..colon], decoded[(colon + 1)..]);
                }
            }
            catch (FormatException)
            {
                // Falls through to the same answer as a header without a colon.
            }

            problem = "the Basic authorization header is malformed: expected base64(client_id:client_secret)";
            return null;
        }

        var id = form.TryGetValue("client_id", out var idValue) ? idValue.ToString() : "";
        var secret = form.TryGetValue("client_secret", out var secretValue) ? secretValue.ToString() : "";
        if (id.Length > 0 && secret.Length > 0)
        {
            return (id, secret);
        }

        problem = "client authentication is required: send Authorization: Basic base64(client_id:client_secret) or the client_id and client_secret form fields";
        return null;
    }

    private static bool SecretsEqual(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
