using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// One accepted WebSocket of a channel. Frames go through an outbox drained by a single writer, so
/// publishing never blocks and frames published before the handshake completes are sent right after it.
/// The reader answers <c>{"message":"ping"}</c> and the close handshake. Before each frame goes out, the
/// layer above (the fault plan's socket rules) may act on it (<see cref="IConnectionHooks.BeforeSend"/>).
/// </summary>
internal sealed class ChannelConnection : IDisposable
{
    public const string MetadataTopic = "channel.metadata";
    public const string HeartbeatMessage = "WebSocket Heartbeat";
    public const string PingReply = "pong";

    /// <summary>How long the server waits for the client's close frame after sending its own.</summary>
    internal static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(10);

    private const int MaxIncomingMessage = 64 * 1024;

    /// <summary>Frames queued for a client that does not read; past it the client is dropped rather than buffered without end.</summary>
    internal const int MaxQueuedFrames = 10_000;

    private readonly Channel<Outgoing> _outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(MaxQueuedFrames + 1)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _abort = new();
    private readonly HttpContext _http;
    private readonly NotificationChannel _channel;
    private readonly IConnectionHooks _hooks;
    private readonly TimeProvider _time;
    private readonly Lock _timerGate = new();
    private ITimer? _heartbeat;
    private ITimer? _closeTimer;
    private List<ITimer> _faultTimers = [];
    private bool _closing;
    private bool _running;
    private bool _disposed;

    public ChannelConnection(HttpContext http, NotificationChannel channel, IConnectionHooks hooks, TimeProvider time)
    {
        _http = http;
        _channel = channel;
        _hooks = hooks;
        _time = time;
    }

    public NotificationChannel Owner => _channel;

    /// <summary>When the server accepted the socket (on the emulator's clock); the fault plan's <c>afterMs</c> counts from here.</summary>
    public DateTimeOffset ConnectedAt { get; private set; }

    /// <summary>True once the socket is accepted and until it ends.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_timerGate)
            {
                return _running && !_disposed;
            }
        }
    }

    /// <summary>True once the connection was dropped or has ended.</summary>
    public bool IsAborted
    {
        get
        {
            lock (_timerGate)
            {
                return _disposed || _abort.IsCancellationRequested;
            }
        }
    }

    /// <summary>Queues a frame of <paramref name="topic"/>; false once the connection is closing.</summary>
    public bool TryEnqueue(string topic, byte[] frame)
    {
        if (_outbox.Reader.Count >= MaxQueuedFrames)
        {
            Abort();
            return false;
        }

        return _outbox.Writer.TryWrite(new Outgoing(topic, frame, null, null));
    }

    /// <summary>Replaces the fault plan's timers on this socket (the old ones are stopped); they die with the connection.</summary>
    public void ReplaceFaultTimers(List<ITimer> timers)
    {
        List<ITimer> old;
        lock (_timerGate)
        {
            if (_disposed)
            {
                old = timers;
            }
            else
            {
                old = _faultTimers;
                _faultTimers = timers;
            }
        }

        foreach (var timer in old)
        {
            timer.Dispose();
        }
    }

    /// <summary>Sends the close frame after the frames already queued; nothing queued later is sent.</summary>
    public void Close(WebSocketCloseStatus status, string description)
    {
        _outbox.Writer.TryWrite(new Outgoing(null, null, status, description));
        _outbox.Writer.TryComplete();
    }

    /// <summary>
    /// Sends <paramref name="notice"/> (a <c>socket_closing</c> frame), then closes after <paramref name="delay"/> on
    /// the emulator's clock (the grace in which clients reconnect). False when such a close is already on its way
    /// (the first one stands) or the connection has ended.
    /// </summary>
    public bool AnnounceClose(string topic, byte[] notice, TimeSpan delay, WebSocketCloseStatus status, string description)
    {
        lock (_timerGate)
        {
            if (_disposed || _closing)
            {
                return false;
            }

            _closing = true;
            TryEnqueue(topic, notice);
            if (delay > TimeSpan.Zero)
            {
                _closeTimer?.Dispose();
                _closeTimer = _time.CreateTimer(_ => Close(status, description), null, delay, Timeout.InfiniteTimeSpan);
                return true;
            }
        }

        Close(status, description);
        return true;
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
        lock (_timerGate)
        {
            ConnectedAt = _time.GetUtcNow();
            _running = true;
            if (heartbeatInterval > TimeSpan.Zero)
            {
                _heartbeat = _time.CreateTimer(_ => SendHeartbeat(), null, heartbeatInterval, heartbeatInterval);
            }
        }

        _hooks.Accepted(this);

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
            foreach (var timer in _faultTimers)
            {
                timer.Dispose();
            }

            _faultTimers = [];
            _outbox.Writer.TryComplete();
            _abort.Dispose();
        }
    }

    private void SendHeartbeat()
    {
        if (!Volatile.Read(ref _disposed) && !_channel.HeartbeatsStopped)
        {
            TryEnqueue(MetadataTopic, NotificationJsonContext.Frame(MetadataTopic, new ChannelMetadataBody(HeartbeatMessage)));
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
                    if (!_hooks.BeforeSend(this, item.Topic!))
                    {
                        return; // the fault plan dropped the socket: this frame and the rest are lost
                    }

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
        var refused = false; // a close for a bad message is queued: read on (discarding) until the client answers it
        var dropped = true;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client closed first: answer its close frame; or it answered ours: done.
                    Close(WebSocketCloseStatus.NormalClosure, "Closed by the client");
                    dropped = false;
                    return;
                }

                if (refused)
                {
                    continue;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxIncomingMessage)
                {
                    refused = true;
                    message.SetLength(0);
                    Close(WebSocketCloseStatus.MessageTooBig, "Messages to the server are small JSON objects such as {\"message\":\"ping\"}.");
                    continue;
                }

                if (result.EndOfMessage)
                {
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        switch (ClientMessage.Classify(message.GetBuffer().AsSpan(0, (int)message.Length)))
                        {
                            case ClientMessageKind.Ping:
                                TryEnqueue(MetadataTopic, NotificationJsonContext.Frame(MetadataTopic, new ChannelMetadataBody(PingReply)));
                                break;
                            case ClientMessageKind.NotUnicode:
                                refused = true;
                                Close(WebSocketCloseStatus.InvalidPayloadData, "Text messages must be valid UTF-8 JSON without lone surrogate escapes.");
                                break;
                        }
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
            if (dropped && !refused && socket.State is not (WebSocketState.CloseReceived or WebSocketState.Closed))
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed record Outgoing(string? Topic, byte[]? Frame, WebSocketCloseStatus? Status, string? Description);
}
