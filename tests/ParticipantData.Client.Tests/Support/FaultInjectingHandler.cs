using System.Net;

namespace ParticipantData.Client.Tests.Support;

/// <summary>
/// Sits in front of the real emulator and answers the first few API requests with a fault (a status or a
/// connection failure) before letting requests through. Used only for faults the emulator cannot yet serve.
/// </summary>
internal sealed class FaultInjectingHandler(Func<HttpRequestMessage, int, HttpResponseMessage?> fault) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _apiRequests;

    public int ApiRequests => _apiRequests;

    public static FaultInjectingHandler Statuses(params HttpStatusCode[] statuses) => new((request, n) =>
        n <= statuses.Length ? new HttpResponseMessage(statuses[n - 1]) { RequestMessage = request } : null);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
        {
            var n = Interlocked.Increment(ref _apiRequests);
            if (fault(request, n) is { } injected)
            {
                return injected;
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
