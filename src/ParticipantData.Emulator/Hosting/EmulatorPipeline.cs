using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Journal;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Hosting;

/// <summary>
/// The whole request path in one middleware: correlation id, body, fault plan, authentication, rate limit,
/// routing, permission, handler, error answer, statistics, journal. On <c>/api</c> the order is the platform's gateway order as
/// the emulator assumes it: 401, then 429, then 404 for an unknown route, then 403, then the operation.
/// </summary>
internal sealed class EmulatorPipeline(EmulatorServices services)
{
    public const string CorrelationHeader = "inin-correlation-id";

    public async Task InvokeAsync(HttpContext http)
    {
        var exchange = new Exchange(Guid.NewGuid().ToString("D"), services.TimeProvider.GetUtcNow());
        http.Response.Headers[CorrelationHeader] = exchange.CorrelationId;
        var path = http.Request.Path.Value ?? "/";
        try
        {
            exchange.RequestBody = await ReadBodyAsync(http).ConfigureAwait(false);
            if (IsAdmin(path) || !await FaultStage.ApplyAsync(http, exchange, services, path).ConfigureAwait(false))
            {
                await DispatchAsync(http, exchange, path).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: nothing to answer.
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            await ResponseWriter.WriteErrorAsync(http, exchange, new ApiError(ex.StatusCode, "bad.request", ex.Message)).ConfigureAwait(false);
        }
        catch (Exception) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            http.Response.Headers[CorrelationHeader] = exchange.CorrelationId;
            await ResponseWriter.WriteErrorAsync(http, exchange, ApiError.InternalServerError()).ConfigureAwait(false);
        }
        finally
        {
            if (!IsAdmin(path))
            {
                Count(http, exchange);
                services.Journal.Record(JournalEntryFor(http, exchange, path));
            }
        }
    }

    private async Task DispatchAsync(HttpContext http, Exchange exchange, string path)
    {
        var method = http.Request.Method;
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            if (services.Routes.Match(method, path) is { } open)
            {
                await open.Route.Handler(new RequestContext(http, exchange, services, open.Values)).ConfigureAwait(false);
            }
            else
            {
                await ResponseWriter.WriteErrorAsync(http, exchange, ApiError.NoSuchRoute(method, path)).ConfigureAwait(false);
            }

            return;
        }

        if (Authenticate(http) is not { } caller)
        {
            await ResponseWriter.WriteErrorAsync(http, exchange, http.Request.Headers.Authorization.Count == 0 || BearerToken(http) is null
                ? ApiError.AuthenticationRequired()
                : ApiError.BadCredentials()).ConfigureAwait(false);
            return;
        }

        exchange.ClientId = caller.Client.ClientId;
        if (!services.ApiRateLimiter.TryAcquire(caller.Client.ClientId, out var retryAfter))
        {
            await ResponseWriter.WriteErrorAsync(http, exchange,
                ApiError.TooManyRequests(services.ApiRateLimiter.Limit, services.ApiRateLimiter.Window, retryAfter)).ConfigureAwait(false);
            return;
        }

        if (services.Routes.Match(method, path) is not { } match || match.Route.Area != RouteArea.Api)
        {
            await ResponseWriter.WriteErrorAsync(http, exchange, ApiError.NoSuchRoute(method, path)).ConfigureAwait(false);
            return;
        }

        if (match.Route.Permission is { } permission && !Auth.Permissions.Grants(caller.Client.Permissions, permission))
        {
            await ResponseWriter.WriteErrorAsync(http, exchange, ApiError.MissingPermissions(permission)).ConfigureAwait(false);
            return;
        }

        await match.Route.Handler(new RequestContext(http, exchange, services, match.Values) { Caller = caller }).ConfigureAwait(false);
    }

    private void Count(HttpContext http, Exchange exchange)
    {
        services.Counters.Request();
        if (exchange.ConnectionReset)
        {
            services.Counters.ConnectionReset();
        }
        else if (!http.RequestAborted.IsCancellationRequested)
        {
            services.Counters.Response(http.Response.StatusCode);
        }
    }

    private Auth.IssuedToken? Authenticate(HttpContext http) =>
        BearerToken(http) is { } token ? services.Tokens.Validate(token) : null;

    internal static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength == 0)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    // "/" only redirects to the dashboard (/emulator/ui/): admin too, so opening the page leaves the journal alone.
    private static bool IsAdmin(string path) =>
        path.StartsWith("/emulator/", StringComparison.Ordinal) || path is "/emulator" or "/";

    private static JournalEntry JournalEntryFor(HttpContext http, Exchange exchange, string path)
    {
        var login = path.StartsWith("/oauth/", StringComparison.Ordinal);
        return new JournalEntry
        {
            Time = IsoTime.Format(exchange.ReceivedAt),
            Method = http.Request.Method,
            Path = path,
            Query = Redaction.RedactQuery(http.Request.QueryString),
            // 0: the fault plan reset the connection, nothing was answered.
            Status = exchange.ConnectionReset ? 0 : http.Response.StatusCode,
            ClientId = exchange.ClientId,
            CorrelationId = exchange.CorrelationId,
            RequestHeaders = Redaction.SelectHeaders(http.Request.Headers),
            RequestBody = login
                ? Redaction.RedactLoginBody(http.Request.ContentType, exchange.RequestBody)
                : Redaction.BodyText(exchange.RequestBody),
            ResponseBody = exchange.ResponseBody,
        };
    }
}
