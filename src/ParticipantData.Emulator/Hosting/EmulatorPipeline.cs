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
        var exchange = new Exchange(Guid.NewGuid().ToString("D"), services.TimeProvider.GetUtcNow()) { Scrubber = services.Scrubber };
        http.Response.Headers[CorrelationHeader] = exchange.CorrelationId;
        var canonical = CanonicalPath.TryGet(http, out var path, out var sent);
        var journalPath = canonical ? path : CanonicalPath.Shown(sent);
        var journaled = !canonical || !IsAdmin(path);
        var recorded = 0;
        void RecordOnce()
        {
            if (journaled && Interlocked.Exchange(ref recorded, 1) == 0)
            {
                // Journal first, statistics last: whoever sees an answer counted finds it in the journal, so the
                // journal's order is the order answers were counted in (tests wait on the counts, then read the journal).
                services.Journal.Record(JournalEntryBuilder.Build(http, exchange, journalPath, services.Scrubber, services.Settings.Limits));
                Count(http, exchange);
            }
        }

        if (journaled && !http.WebSockets.IsWebSocketRequest)
        {
            // Recorded as the answer starts, not after it is sent: a caller that has its answer finds it in the
            // statistics and the journal (a WebSocket is recorded when it ends, with how it ended).
            http.Response.OnStarting(() =>
            {
                RecordOnce();
                return Task.CompletedTask;
            });
        }

        try
        {
            exchange.RequestBody = await ReadBodyAsync(http).ConfigureAwait(false);
            if (!canonical)
            {
                // Not the platform's exact route: the unknown-route answer, before anything could act on it.
                await ResponseWriter.WriteErrorAsync(http, exchange, ApiError.NoSuchRoute(http.Request.Method, journalPath,
                    "paths are matched exactly as the platform spells them: no repeated slashes, dot segments or encoded slashes")).ConfigureAwait(false);
            }
            else if (IsAdmin(path) || !await FaultStage.ApplyAsync(http, exchange, services, path).ConfigureAwait(false))
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
            await ResponseWriter.WriteErrorAsync(http, exchange, RejectedRequest(ex)).ConfigureAwait(false);
        }
        catch (Exception) when (!http.Response.HasStarted)
        {
            services.Counters.InternalError();
            http.Response.Clear();
            http.Response.Headers[CorrelationHeader] = exchange.CorrelationId;
            await ResponseWriter.WriteErrorAsync(http, exchange, ApiError.InternalServerError()).ConfigureAwait(false);
        }
        finally
        {
            RecordOnce(); // no answer started: reset, aborted, or a WebSocket that ended
        }
    }

    private async Task DispatchAsync(HttpContext http, Exchange exchange, string path)
    {
        var method = http.Request.Method;
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            // Outside /api nothing is authenticated, so no /api operation may be reached from here.
            if (services.Routes.Match(method, path) is { } open && open.Route.Area != RouteArea.Api)
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
        try
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or BadHttpRequestException))
        {
            // Framing Kestrel could not decode (a chunk size past any integer, a truncated chunk): the client's fault.
            throw new BadHttpRequestException("The request body could not be read: its framing (Content-Length or chunked encoding) is not valid HTTP/1.1.", 400, ex);
        }

        return buffer.ToArray();
    }

    /// <summary>The answer to a request Kestrel refused while the body was read (too large, malformed framing).</summary>
    private ApiError RejectedRequest(BadHttpRequestException ex) => ex.StatusCode switch
    {
        413 => new ApiError(413, "request.entity.too.large", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The request body is larger than the {services.Settings.Limits.MaxRequestBodyBytes} bytes the emulator accepts (EmulatorOptions.Limits.MaxRequestBodyBytes): send a smaller body.")),
        408 => new ApiError(408, "request.timeout", "The request body did not arrive in time."),
        _ => new ApiError(ex.StatusCode, "bad.request", ex.Message),
    };

    // "/" only redirects to the dashboard (/emulator/ui/): admin too, so opening the page leaves the journal alone.
    private static bool IsAdmin(string path) =>
        path.StartsWith("/emulator/", StringComparison.Ordinal) || path is "/emulator" or "/";
}
