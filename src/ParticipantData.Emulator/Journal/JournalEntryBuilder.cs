using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Journal;

/// <summary>
/// Turns a finished request into what the journal keeps: secrets masked by field and by value, every text
/// cut to the configured size. The journal is readable without authentication, so nothing else may go in.
/// </summary>
internal static class JournalEntryBuilder
{
    public static JournalEntry Build(HttpContext http, Exchange exchange, string path, SecretScrubber scrubber, LimitSettings limits)
    {
        var maxBody = limits.JournalMaxBodyBytes;
        var headers = Redaction.SelectHeaders(http.Request.Headers);
        foreach (var name in headers.Keys.ToList())
        {
            headers[name] = Redaction.Truncate(scrubber.Scrub(headers[name]), 1024)!;
        }

        return new JournalEntry
        {
            Time = IsoTime.Format(exchange.ReceivedAt),
            Method = Redaction.Truncate(http.Request.Method, 64)!,
            Path = scrubber.Scrub(path),
            Query = Redaction.Truncate(scrubber.ScrubOrNull(Redaction.RedactQuery(http.Request.QueryString)), maxBody),
            // 0: the fault plan reset the connection, nothing was answered.
            Status = exchange.ConnectionReset ? 0 : http.Response.StatusCode,
            ClientId = exchange.ClientId,
            CorrelationId = exchange.CorrelationId,
            RequestHeaders = headers,
            RequestBody = Redaction.Truncate(scrubber.ScrubOrNull(Redaction.RequestBody(path, http.Request.ContentType, exchange.RequestBody)), maxBody),
            ResponseBody = Redaction.Truncate(scrubber.ScrubOrNull(exchange.ResponseBody), maxBody),
            Note = exchange.Note,
        };
    }
}
