using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>The guest API's WebSocket, <c>GET /v1?deploymentId=...</c> on the emulator's origin (the platform's <c>wss://webmessaging.&lt;env&gt;/v1</c>).</summary>
internal static class WebMessagingEndpoints
{
    public const string WebSocketPath = "/v1";

    public static async Task ConnectAsync(RequestContext context)
    {
        var http = context.Http;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await context.WriteErrorAsync(ApiError.BadRequest(
                "This is the web-messaging guest WebSocket: connect with a WebSocket client to ws://<host>/v1?deploymentId=<id>.")).ConfigureAwait(false);
            return;
        }

        var query = http.Request.Query["deploymentId"];
        var deploymentId = query.Count > 0 && !string.IsNullOrWhiteSpace(query[0]) ? query[0] : null;
        var hub = context.Services.Guests;
        if (await GuestHandshake.AcceptAsync(http).ConfigureAwait(false) is not var (socket, stream))
        {
            await context.WriteErrorAsync(ApiError.BadRequest("The WebSocket handshake is incomplete: a Sec-WebSocket-Key header and an HTTP/1.1 upgrade are needed.")).ConfigureAwait(false);
            return;
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, hub.Stopping);
        var time = context.Services.TimeProvider;
        try
        {
            await new GuestConnection(socket, new GuestProtocol(hub, deploymentId, time), time).RunAsync(ending.Token).ConfigureAwait(false);
            if (stream.DisposeRequested && socket.State == System.Net.WebSockets.WebSocketState.Aborted)
            {
                // The socket gave up on the connection after sending a close frame: let the guest read it first.
                using var linger = new CancellationTokenSource(GuestConnection.CloseHandshakeTimeout, time);
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(linger.Token, ending.Token);
                await stream.LingerAsync(bounded.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            socket.Dispose();
            await stream.DisposeInnerAsync().ConfigureAwait(false);
        }
    }
}
