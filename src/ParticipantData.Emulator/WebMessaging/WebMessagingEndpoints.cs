using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>The guest API's WebSocket, <c>GET /v1?deploymentId=...</c> on the emulator's origin (the platform's <c>wss://webmessaging.&lt;env&gt;/v1</c>).</summary>
internal static class WebMessagingEndpoints
{
    public const string WebSocketPath = "/v1";
    public const string AdminMessagesPath = "/emulator/v1/conversations/{conversationId}/messages";

    /// <summary>
    /// <c>POST /emulator/v1/conversations/{id}/messages</c> <c>{"text":"..."}</c>: an agent's or bot's reply to the
    /// guests of a web-messaging conversation. <c>200 {"delivered":N}</c>; <c>409</c> when no guest socket is on it.
    /// </summary>
    public static async Task SendOutboundAsync(RequestContext context)
    {
        var conversationId = context.Route("conversationId");
        if (context.Services.Conversations.Find(conversationId) is not { } conversation)
        {
            await context.WriteErrorAsync(ApiError.NotFound($"The emulator has no conversation [{conversationId}].")).ConfigureAwait(false);
            return;
        }

        if (conversation.Media != Conversations.MediaKind.Message)
        {
            await context.WriteErrorAsync(ApiError.BadRequest($"Conversation [{conversationId}] is a {conversation.Media.Name()} conversation: outbound messages go to web-messaging conversations.")).ConfigureAwait(false);
            return;
        }

        if (!Json.JsonBody.TryParse(context.Exchange.RequestBody, out var document, out var error))
        {
            await context.WriteErrorAsync(error).ConfigureAwait(false);
            return;
        }

        string? text;
        using (document)
        {
            text = document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("text", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.GetString()
                : null;
        }

        if (string.IsNullOrEmpty(text))
        {
            await context.WriteErrorAsync(ApiError.BadRequest("The body needs a text: {\"text\":\"Hello, how can I help?\"}.")).ConfigureAwait(false);
            return;
        }

        var delivered = await context.Services.Guests.SendOutboundAsync(conversationId, text, context.Http.RequestAborted).ConfigureAwait(false);
        if (delivered == 0)
        {
            await context.WriteErrorAsync(new ApiError(409, "conflict", $"No guest socket is connected to conversation [{conversationId}]: nothing was sent.")).ConfigureAwait(false);
            return;
        }

        var answer = new System.Text.Json.Nodes.JsonObject { ["delivered"] = delivered };
        await context.WriteJsonAsync(200, answer).ConfigureAwait(false);
    }

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
        if (await WebSocketHandshake.AcceptAsync(http).ConfigureAwait(false) is not var (socket, stream))
        {
            await context.WriteErrorAsync(ApiError.BadRequest("The WebSocket handshake is incomplete: a Sec-WebSocket-Key header and an HTTP/1.1 upgrade are needed.")).ConfigureAwait(false);
            return;
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, hub.Stopping);
        var time = context.Services.TimeProvider;
        try
        {
            var connection = new GuestConnection(socket, new GuestProtocol(hub, deploymentId, time), time);
            hub.Attach(connection);
            try
            {
                await connection.RunAsync(ending.Token).ConfigureAwait(false);
            }
            finally
            {
                hub.Detach(connection);
            }

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
