using System.Text;
using System.Text.Json;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Api;

/// <summary>
/// Runs the accept path's code before the relay says it is listening: in a fresh process the first hundred or so
/// requests otherwise wait for the JIT and for routing to build its tables (up to 170 ms each in the benchmark: a
/// p99 of 93-118 ms over a cold relay's first 10 s at 1,000 writes/s, 21-53 ms with this, 5-8 ms once warm).
/// Nothing is stored or counted: the parser, hash and answers run in process, and the requests over the socket
/// carry no credentials, so they end at the authenticator with a 401. What stays cold is the store's insert and
/// the first delivery, which only a real write exercises.
/// </summary>
internal static class StartupWarmUp
{
    /// <summary>Requests over the socket: enough for Kestrel and routing to settle; the in-process part needs one call (the JIT compiles on the first).</summary>
    private const int Requests = 20;

    private static readonly byte[] SampleWrite = Encoding.UTF8.GetBytes(
        """{"conversationId":"00000000-0000-4000-8000-000000000000","participantId":"00000000-0000-4000-8000-000000000001","attributes":{"warm_up":"1"},"idempotencyKey":"warm-up"}""");

    public static async Task RunAsync(Uri relay, RelaySettings settings, CancellationToken cancellationToken)
    {
        // The requests below end at the authenticator, before the body is read: what comes after runs here.
        _ = WriteRequestParser.ParseWrite(SampleWrite, settings.MaxDeadlineSeconds).Hash();
        _ = ApiKey.Hash("warm-up");
        await JsonSerializer.SerializeAsync(Stream.Null, new AcceptedView(WriteId.New(settings.Time).Value, "queued"), RelayJsonContext.Relaxed.AcceptedView, cancellationToken).ConfigureAwait(false);

        using var http = new HttpClient { BaseAddress = relay, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < Requests; i++)
        {
            try
            {
                using var content = new ByteArrayContent(SampleWrite);
                content.Headers.ContentType = new("application/json");
                using var answer = await http.PostAsync(new Uri("/v1/writes", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Best effort: a relay that cannot reach its own socket (a firewall, say) starts all the same, only colder.
                return;
            }
        }
    }
}
