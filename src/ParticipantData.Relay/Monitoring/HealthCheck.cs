using System.Net.Http.Headers;
using System.Text;
using ParticipantData.Client;
using ParticipantData.Relay.Api;
using ParticipantData.Relay.Store;

namespace ParticipantData.Relay.Monitoring;

/// <summary>
/// <c>GET /healthz</c>: the store answers a read, and the platform's login accepts the relay's OAuth client.
/// The login is checked at most every 5 minutes (a failure again after 30 s), so probes neither spend the
/// API budget nor hammer the login service.
/// </summary>
internal sealed class HealthCheck(IRelayStore store, ParticipantDataClientOptions platform, HttpClient http, TimeProvider time)
{
    private static readonly TimeSpan OkFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FailedFor = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset Until, HealthCheckView View)? _login;

    public async Task<HealthView> CheckAsync(CancellationToken cancellationToken)
    {
        HealthCheckView storeView;
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            storeView = new HealthCheckView(true, "the queue can be read");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            storeView = new HealthCheckView(false, $"the store cannot be read: {e.Message}");
        }

        var login = await LoginAsync(cancellationToken).ConfigureAwait(false);
        return new HealthView(storeView.Ok && login.Ok ? "ok" : "unhealthy", storeView, login);
    }

    private async Task<HealthCheckView> LoginAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_login is { } cached && cached.Until > now)
            {
                return cached.View;
            }

            var view = await TryLoginAsync(cancellationToken).ConfigureAwait(false);
            _login = (now + (view.Ok ? OkFor : FailedFor), view);
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckView> TryLoginAsync(CancellationToken cancellationToken)
    {
        var login = platform.ResolveLoginUrl();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(login, "/oauth/token"))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.Latin1.GetBytes($"{platform.ClientId}:{platform.ClientSecret}")));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new HealthCheckView(true, $"login at {login.GetLeftPart(UriPartial.Authority)} accepts the OAuth client")
                : new HealthCheckView(false, $"login at {login.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode}: check the OAuth client id and secret");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckView(false, $"login at {login.GetLeftPart(UriPartial.Authority)} cannot be reached: {e.Message}");
        }
    }
}
