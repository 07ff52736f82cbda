using ParticipantData.Emulator.Hosting;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// One guest socket: reads whole text frames and answers each with one frame. Hostile input ends it with a
/// close frame, never a dropped connection: <c>1009</c> for a frame over <see cref="WebMessagingSettings.MaxFrameBytes"/>,
/// <c>1007</c> for text that is not UTF-8 (the socket's own check), <c>1003</c> for a binary frame. JSON that does not parse gets an error frame.
/// </summary>
internal sealed class GuestConnection(WebSocket socket, GuestProtocol protocol, TimeProvider time)
{
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32 };

    // Answers (the read loop) and pushed messages (the admin API) share the socket: one send at a time.
    private readonly SemaphoreSlim _send = new(1, 1);

    public GuestProtocol Protocol => protocol;

    /// <summary>Sends one text frame; false when the socket is gone.</summary>
    public async Task<bool> SendAsync(string frame, CancellationToken cancellationToken)
    {
        try
        {
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return false;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Closed by the guest", cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (message.Length + result.Count > WebMessagingSettings.MaxFrameBytes)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig,
                        $"A request may be at most {WebMessagingSettings.MaxFrameBytes} bytes.", cancellationToken).ConfigureAwait(false);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    await CloseAsync(WebSocketCloseStatus.InvalidMessageType, "The guest API takes JSON text frames, not binary ones.", cancellationToken).ConfigureAwait(false);
                    return;
                }

                // The socket itself refuses text that is not UTF-8 with 1007 (LingeringStream lets the guest read it).
                var bytes = message.GetBuffer().AsMemory(0, (int)message.Length);
                var answer = Answer(bytes);
                message.SetLength(0);
                if (protocol.PendingFlow is { } flow)
                {
                    // The answer to the message that started the conversation comes once its flow has routed it.
                    await flow.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!await SendAsync(answer, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The guest went away, or the host is stopping.
        }
    }

    private string Answer(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, JsonOptions);
            return protocol.Handle(document.RootElement);
        }
        catch (JsonException e)
        {
            return GuestFrames.Error(400, "The request is not valid JSON: " + e.Message);
        }
    }

    /// <summary>Sends the close frame and waits (bounded) for the guest's, so the guest always reads a close status.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        await socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
        await AwaitGuestCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads (and drops) what the guest still sends until its close frame, at most <see cref="CloseHandshakeTimeout"/>.</summary>
    private async Task AwaitGuestCloseAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var drain = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(drain, linked.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The guest did not answer the close: the connection ends anyway.
        }
    }
}
