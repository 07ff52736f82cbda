using System.Net;
using ParticipantData.Relay.Store;
using ParticipantData.Relay.Store.Postgres;

namespace ParticipantData.Relay.Delivery;

/// <summary>
/// The transport under the relay's platform client when several instances share a PostgreSQL store: every HTTP
/// request the client sends (writes, verification and Ensure reads, conversation reads, notification channel
/// calls, token requests, each retry) first takes a permit from the OAuth client's one budget in the database, so
/// all instances together stay under the platform's limit. A 429's Retry-After pauses every instance.
/// </summary>
internal sealed class SharedBudgetHandler : DelegatingHandler
{
    private readonly IRelayCluster _cluster;
    private readonly string _client;
    private readonly SharedBudgetRate _rate;
    private readonly TimeProvider _time;
    private long _requests;
    private long _granted;

    public SharedBudgetHandler(IRelayCluster cluster, string client, SharedBudgetRate rate, TimeProvider time)
        : base(new SocketsHttpHandler())
    {
        _cluster = cluster;
        _client = client;
        _rate = rate;
        _time = time;
    }

    /// <summary>Requests the client handed to this transport: each waits here for a permit before it is sent.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Permits this instance took from the shared budget (fewer than <see cref="Requests"/> by those cancelled while waiting).</summary>
    public long Granted => Interlocked.Read(ref _granted);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        while (true)
        {
            BudgetAnswer answer;
            try
            {
                answer = await _cluster.TakeBudgetAsync(_client, _rate, cancellationToken).ConfigureAwait(false);
            }
            catch (RelayStoreUnavailableException e)
            {
                // Not sent: the client library treats this like a connection failure (retry, then give up until the deadline).
                throw new HttpRequestException("The relay did not send the request: its shared request budget in PostgreSQL is unreachable.", e);
            }

            if (answer.Granted)
            {
                break;
            }

            await Task.Delay(answer.Wait, _time, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _granted);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter(response) is { } wait)
        {
            try
            {
                await _cluster.PauseBudgetAsync(_client, wait, cancellationToken).ConfigureAwait(false);
            }
            catch (RelayStoreUnavailableException)
            {
                // The in-process budget still pauses this instance; the others learn it from their own 429s.
            }
        }

        return response;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero ? delta : null;
}
