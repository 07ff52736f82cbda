using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// One accepted WebSocket of a channel. Frames go through an outbox drained by a single writer, so
/// publishing never blocks and frames published before the handshake completes are sent right after it.
/// The reader answers <c>{"message":"ping"}</c> and the close handshake.
/// </summary>
internal sealed class ChannelConnection : IDisposable
{
    public const string MetadataTopic = "channel.metadata";
    public const string HeartbeatMessage = "WebSocket Heartbeat";
    public const string PingReply = "pong";

    /// <summary>How long the server waits for the client's close frame after sending its own.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(10);

    private const int MaxIncomingMessage = 64 * 1024;

    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private readonly HttpContext _http;
    private readonly NotificationChannel _channel;
    private readonly TimeProvider _time;
    private readonly Lock _timerGate = new();
    private ITimer? _heartbeat;
    private ITimer? _closeTimer;
    private bool _disposed;

    public ChannelConnection(HttpContext http, NotificationChannel channel, TimeProvider time)
    {
        _http = http;
        _channel = channel;
        _time = time;
    }

    public NotificationChannel Owner => _channel;

    /// <summary>Queues a frame; false once the connection is closing.</summary>
    public bool TryEnqueue(byte[] frame) => _outbox.Writer.TryWrite(new Outgoing(frame, null, null));

    /// <summary>Sends the close frame after the frames already queued; nothing queued later is sent.</summary>
    public void Close(WebSocketCloseStatus status, string description)
    {
        _outbox.Writer.TryWrite(new Outgoing(null, status, description));
        _outbox.Writer.TryComplete();
    }

    /// <summary>Closes after <paramref name="delay"/> on the emulator's clock (the grace after <c>socket_closing</c>).</summary>
    public void CloseAfter(TimeSpan delay, WebSocketCloseStatus status, string description)
    {
        if (delay <= TimeSpan.Zero)
        {
            Close(status, description);
            return;
        }

        lock (_timerGate)
        {
            if (_disposed)
            {
                return;
            }

            _closeTimer?.Dispose();
            _closeTimer = _time.CreateTimer(_ => Close(status, description), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Drops the connection without a close frame (a network failure, as the client sees it).</summary>
    public void Abort()
    {
        lock (_timerGate)
        {
            if (_disposed)
            {
                return;
            }

            _outbox.Writer.TryComplete();
            _abort.Cancel();
            _http.Abort();
        }
    }

    /// <summary>Runs the accepted socket until it is closed or dropped.</summary>
    public async Task RunAsync(WebSocket socket, TimeSpan heartbeatInterval)
    {
        if (heartbeatInterval > TimeSpan.Zero)
        {
            lock (_timerGate)
            {
                _heartbeat = _time.CreateTimer(_ => SendHeartbeat(), null, heartbeatInterval, heartbeatInterval);
            }
        }

        var writer = WriteLoopAsync(socket);
        var reader = ReadLoopAsync(socket);
        await Task.WhenAll(writer, reader).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_timerGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _heartbeat?.Dispose();
            _closeTimer?.Dispose();
            _outbox.Writer.TryComplete();
            _abort.Dispose();
        }
    }

    private void SendHeartbeat()
    {
        if (!Volatile.Read(ref _disposed) && !_channel.HeartbeatsStopped)
        {
            TryEnqueue(NotificationJsonContext.Frame(MetadataTopic, new ChannelMetadataBody(HeartbeatMessage)));
        }
    }

    private async Task WriteLoopAsync(WebSocket socket)
    {
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                if (item.Frame is { } frame)
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
                    continue;
                }

                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(item.Status!.Value, item.Description, _abort.Token).ConfigureAwait(false);
                }

                // A client that never answers the close frame is dropped.
                lock (_timerGate)
                {
                    if (!_disposed)
                    {
                        _closeTimer?.Dispose();
                        _closeTimer = _time.CreateTimer(_ => Abort(), null, CloseHandshakeTimeout, Timeout.InfiniteTimeSpan);
                    }
                }

                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Dropped: the reader ends too.
        }
        finally
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseSent or WebSocketState.CloseReceived))
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ReadLoopAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client closed first: answer its close frame; or it answered ours: done.
                    Close(WebSocketCloseStatus.NormalClosure, "Closed by the client");
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxIncomingMessage)
                {
                    Close(WebSocketCloseStatus.MessageTooBig, "Messages to the server are small JSON objects such as {\"message\":\"ping\"}.");
                    return;
                }

                if (result.EndOfMessage)
                {
                    if (result.MessageType == WebSocketMessageType.Text && IsPing(message.GetBuffer().AsSpan(0, (int)message.Length)))
                    {
                        TryEnqueue(NotificationJsonContext.Frame(MetadataTopic, new ChannelMetadataBody(PingReply)));
                    }

                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Dropped (by the client's network or by the admin API).
        }
        finally
        {
            _outbox.Writer.TryComplete();
            if (socket.State is not (WebSocketState.CloseReceived or WebSocketState.Closed))
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool IsPing(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var text)
                && text.ValueKind == JsonValueKind.String
                && string.Equals(text.GetString(), "ping", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record Outgoing(byte[]? Frame, WebSocketCloseStatus? Status, string? Description);
}
