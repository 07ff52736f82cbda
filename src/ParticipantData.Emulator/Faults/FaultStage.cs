using System.Globalization;
using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Faults.Rules;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.Faults;

/// <summary>
/// The fault plan's place in the pipeline: after the correlation id and the body are read, before
/// authentication, on every request outside <c>/emulator/</c>. Latency first; then a status answer, a connection
/// reset, or a token revocation (after which authentication answers <c>401 bad.credentials</c>).
/// </summary>
internal static class FaultStage
{
    /// <summary>True when the fault answered the request (or dropped the connection) and nothing else may run.</summary>
    public static async Task<bool> ApplyAsync(HttpContext http, Exchange exchange, EmulatorServices services, string path)
    {
        if (services.Faults.Current is not { } faults)
        {
            return false;
        }

        var decision = faults.Decide(http.Request.Method, path);
        if (decision.LatencyRules > 0)
        {
            services.Counters.FaultInjected(decision.LatencyRules);
            if (decision.Latency > TimeSpan.Zero)
            {
                await Task.Delay(decision.Latency, services.TimeProvider, http.RequestAborted).ConfigureAwait(false);
            }
        }

        switch (decision.Action)
        {
            case null:
                return false;
            case ResetAction:
                services.Counters.FaultInjected(1);
                exchange.ConnectionReset = true;
                http.Abort();
                return true;
            case RevokeTokenAction:
                services.Counters.FaultInjected(1);
                if (EmulatorPipeline.BearerToken(http) is { } token && services.Tokens.Validate(token) is { } issued)
                {
                    services.Tokens.RevokeClient(issued.Client.ClientId);
                }

                return false;
            case StatusAction action:
                services.Counters.FaultInjected(1);
                if (EmulatorPipeline.BearerToken(http) is { } bearer && services.Tokens.Validate(bearer) is { } caller)
                {
                    exchange.ClientId = caller.Client.ClientId;
                }

                await WriteStatusAsync(http, exchange, services, path, action, decision.Status).ConfigureAwait(false);
                return true;
            default:
                throw new InvalidOperationException("Unknown fault action " + decision.Action.Type);
        }
    }

    private static Task WriteStatusAsync(HttpContext http, Exchange exchange, EmulatorServices services, string path, StatusAction action, int status)
    {
        var retryAfter = action.RetryAfterSeconds ?? (status == 429 ? 1 : null);
        if (path.StartsWith("/oauth/", StringComparison.Ordinal))
        {
            // The login service answers in its own shape, not an ErrorBody.
            ResponseWriter.SetRetryAfter(http, retryAfter);
            var error = action.Code ?? (status >= 500 ? "server_error" : "invalid_request");
            var description = action.Message ?? DefaultError(status, services.Settings, retryAfter).Message;
            return ResponseWriter.WriteJsonAsync(http, exchange, status, new OAuthError(error, description));
        }

        var answer = DefaultError(status, services.Settings, retryAfter);
        return ResponseWriter.WriteErrorAsync(http, exchange, answer with
        {
            Code = action.Code ?? answer.Code,
            Message = action.Message ?? answer.Message,
            RetryAfterSeconds = retryAfter,
        });
    }

    /// <summary>The platform's code and message for a status (genesys-api.md §1), the configured ones for 409.</summary>
    private static ApiError DefaultError(int status, EmulatorSettings settings, int? retryAfter) => status switch
    {
        400 => ApiError.BadRequest("The request could not be understood by the server due to malformed syntax."),
        401 => ApiError.BadCredentials(),
        403 => new ApiError(403, "not.authorized", "You are not authorized to perform the requested action."),
        404 => ApiError.NotFound("The requested resource was not found."),
        408 => new ApiError(408, "request.timeout", "The request timed out."),
        409 => new ApiError(409, settings.ConflictCode, settings.ConflictMessage),
        429 => ApiError.TooManyRequests(settings.RequestsPerMinute > 0 ? settings.RequestsPerMinute : 300, settings.RateLimitWindow, retryAfter ?? 1),
        500 => ApiError.InternalServerError(),
        502 => new ApiError(502, "bad.gateway", "Bad Gateway - the server received an invalid response from an upstream server."),
        503 => new ApiError(503, "service.unavailable", "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance)."),
        504 => new ApiError(504, "request.timeout", "The request timed out."),
        _ => new ApiError(status, status >= 500 ? "internal.server.error" : "bad.request",
            string.Create(CultureInfo.InvariantCulture, $"The emulator's fault plan answered {status}.")),
    };
}
