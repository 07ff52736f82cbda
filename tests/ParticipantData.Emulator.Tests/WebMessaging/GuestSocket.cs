using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ParticipantData.Emulator.Tests.WebMessaging;

/// <summary>A raw guest WebSocket (<c>ws://127.0.0.1:N/v1?deploymentId=...</c>) that sends requests and reads whole JSON frames.</summary>
internal sealed class GuestSocket : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private GuestSocket(ClientWebSocket socket, string token)
    {
        Socket = socket;
        Token = token;
    }

    public ClientWebSocket Socket { get; }

    public string Token { get; }

    public static Uri UriOf(EmulatorHost host, string? deploymentId = WebMessagingOptions.DefaultDeploymentId) =>
        new($"ws://{host.BaseUri.Authority}/v1" + (deploymentId is null ? "" : "?deploymentId=" + Uri.EscapeDataString(deploymentId)));

    public static async Task<GuestSocket> ConnectAsync(EmulatorHost host, string? deploymentId = WebMessagingOptions.DefaultDeploymentId, string? token = null)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(UriOf(host, deploymentId), CancellationToken.None).WaitAsync(Bound);
        return new GuestSocket(socket, token ?? Guid.NewGuid().ToString());
    }

    /// <summary>configureSession with this socket's token; returns the answer frame.</summary>
    public Task<JsonObject> ConfigureAsync(string deploymentId = WebMessagingOptions.DefaultDeploymentId, bool? startNew = null, string? resumeToken = null)
    {
        var request = new JsonObject { ["action"] = "configureSession", ["token"] = Token, ["deploymentId"] = deploymentId };
        if (startNew is { } s)
        {
            request["startNew"] = s;
        }

        if (resumeToken is not null)
        {
            request["resumeToken"] = resumeToken;
        }

        return RequestAsync(request);
    }

    /// <summary>onMessage with attributes in the message's channel (the mobile SDK) or on the request (the Java SDK, legacy).</summary>
    public Task<JsonObject> SendMessageAsync(string text, IReadOnlyDictionary<string, string>? attributes = null, bool legacyPlacement = false)
    {
        var message = new JsonObject { ["type"] = "Text", ["text"] = text };
        var request = new JsonObject { ["action"] = "onMessage", ["token"] = Token, ["message"] = message };
        if (attributes is not null)
        {
            var channel = new JsonObject { ["metadata"] = new JsonObject { ["customAttributes"] = Map(attributes) } };
            if (legacyPlacement)
            {
                request["channel"] = channel;
            }
            else
            {
                message["channel"] = channel;
            }
        }

        return RequestAsync(request);
    }

    public async Task<JsonObject> RequestAsync(JsonObject request)
    {
        await SendTextAsync(request.ToJsonString());
        return await ReceiveAsync() ?? throw new ShouldAssertException("The server closed the socket instead of answering.");
    }

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text) =>
        Socket.SendAsync(bytes, type, true, CancellationToken.None).WaitAsync(Bound);

    /// <summary>The next frame, or null when the server closed (the close handshake is completed).</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Bound);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (Socket.State == WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Bound);
                }

                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    public static JsonObject Map(IReadOnlyDictionary<string, string> attributes)
    {
        var map = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            map[key] = value;
        }

        return map;
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", CancellationToken.None).WaitAsync(Bound);
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // The server went first.
            }
        }

        Socket.Dispose();
    }
}
