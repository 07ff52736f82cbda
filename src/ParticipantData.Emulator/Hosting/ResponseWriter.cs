using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Hosting;

/// <summary>
/// The only way responses are written, so every one is JSON from the source-generated context and the
/// journal sees what was sent.
/// </summary>
internal static class ResponseWriter
{
    private const string JsonContentType = "application/json; charset=UTF-8";

    public static Task WriteJsonAsync(this RequestContext context, int status, object value, string? journalBody = null) =>
        WriteJsonAsync(context.Http, context.Exchange, status, value, journalBody);

    /// <summary>Writes <paramref name="value"/>; the journal keeps <paramref name="journalBody"/> instead when given (a body holding a secret).</summary>
    public static Task WriteJsonAsync(HttpContext http, Exchange exchange, int status, object value, string? journalBody = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, EmulatorJsonContext.Default.GetTypeInfo(value.GetType())
            ?? throw new InvalidOperationException(value.GetType() + " is not in EmulatorJsonContext."));
        exchange.ResponseBody = journalBody ?? Encoding.UTF8.GetString(bytes);
        http.Response.StatusCode = status;
        http.Response.ContentType = JsonContentType;
        http.Response.ContentLength = bytes.Length;
        return http.Response.Body.WriteAsync(bytes, http.RequestAborted).AsTask();
    }

    public static Task WriteErrorAsync(this RequestContext context, ApiError error) =>
        WriteErrorAsync(context.Http, context.Exchange, error);

    public static Task WriteErrorAsync(HttpContext http, Exchange exchange, ApiError error)
    {
        SetRetryAfter(http, error.RetryAfterSeconds);
        var scrubbed = exchange.Scrubber is { } scrubber ? error with { Message = scrubber.Scrub(error.Message) } : error;
        return WriteJsonAsync(http, exchange, error.Status, scrubbed.ToBody(exchange.CorrelationId));
    }

    public static Task WriteEmptyAsync(this RequestContext context, int status)
    {
        context.Http.Response.StatusCode = status;
        context.Http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static void SetRetryAfter(HttpContext http, int? seconds)
    {
        if (seconds is { } s)
        {
            http.Response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
        }
    }
}
