using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Notifications;

/// <summary>A raw WebSocket to a channel's connectUri that reads whole JSON frames, for tests of the emulator's side.</summary>
internal sealed class NotificationSocket : IAsyncDisposable
{
    /// <summary>A bound on every wait so a broken emulator fails the test instead of hanging it.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private NotificationSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<NotificationSocket> ConnectAsync(string connectUri)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(new Uri(connectUri), CancellationToken.None).WaitAsync(Bound);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NotificationSocket(socket);
    }

    /// <summary>The next frame as JSON, or null when the server closed the socket.</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Bound);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Complete the close handshake, as a well-behaved client does.
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

    /// <summary>The next frame that is not a heartbeat.</summary>
    public async Task<JsonObject> ReceiveEventAsync()
    {
        while (true)
        {
            var frame = await ReceiveAsync() ?? throw new ShouldAssertException("The server closed the socket before the event arrived.");
            if (frame["topicName"].Str() != "channel.metadata")
            {
                return frame;
            }
        }
    }

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Bound);

    /// <summary>Sends the SDK's ping and returns the reply frame (skipping nothing: the reply must come next).</summary>
    public async Task<JsonObject> PingAsync()
    {
        await SendTextAsync("""{"message":"ping"}""");
        return await ReceiveAsync() ?? throw new ShouldAssertException("The server closed the socket instead of answering the ping.");
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

/// <summary>Channel and subscription calls of the notifications API over HTTP.</summary>
internal static class Channels
{
    public static async Task<JsonObject> CreateAsync(TestEmulator emu, string? token = null)
    {
        using var response = await emu.SendAsync(HttpMethod.Post, "/api/v2/notifications/channels", null, token);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonObjectAsync();
    }

    public static string SubscriptionsPath(string channelId, bool? ignoreErrors = null) =>
        $"/api/v2/notifications/channels/{channelId}/subscriptions" + (ignoreErrors is { } ignore ? "?ignoreErrors=" + (ignore ? "true" : "false") : "");

    public static Task<HttpResponseMessage> PutAsync(TestEmulator emu, string channelId, IEnumerable<string> topics, string? token = null, bool? ignoreErrors = null) =>
        emu.SendAsync(HttpMethod.Put, SubscriptionsPath(channelId, ignoreErrors), TestEmulator.Json(TopicsJson(topics)), token);

    public static Task<HttpResponseMessage> PostAsync(TestEmulator emu, string channelId, IEnumerable<string> topics, string? token = null, bool? ignoreErrors = null) =>
        emu.SendAsync(HttpMethod.Post, SubscriptionsPath(channelId, ignoreErrors), TestEmulator.Json(TopicsJson(topics)), token);

    public static async Task SubscribeAsync(TestEmulator emu, string channelId, params string[] topics)
    {
        using var response = await PutAsync(emu, channelId, topics);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static string TopicsJson(IEnumerable<string> topics) =>
        new JsonArray(topics.Select(t => (JsonNode)new JsonObject { ["id"] = t }).ToArray()).ToJsonString();

    public static string AttributesTopic(string conversationId) => $"v2.detail.events.conversation.{conversationId}.attributes";

    /// <summary>The admin view of a channel (<c>GET /emulator/v1/notifications/channels</c>).</summary>
    public static async Task<JsonObject?> AdminViewAsync(TestEmulator emu, string channelId)
    {
        var listing = JsonNode.Parse(await emu.Http.GetStringAsync("/emulator/v1/notifications/channels"))!.AsObject();
        return listing["entities"]!.AsArray().Select(e => e!.AsObject()).FirstOrDefault(e => e["id"].Str() == channelId);
    }

    public static Task<HttpResponseMessage> FaultAsync(TestEmulator emu, string channelId, string fault) =>
        emu.Http.PostAsync($"/emulator/v1/notifications/channels/{channelId}/{fault}", null);
}
