using System.Net;
using System.Net.WebSockets;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// One WebSocket to a channel and its watchdog: reads frames until the socket ends and says why. The socket is
/// declared dead when no frame (heartbeat or event) arrived for the dead-socket timeout.
/// </summary>
internal sealed class NotificationSocket : IDisposable
{
    /// <summary>The largest message read; a bigger one ends the socket (the platform's frames are far smaller).</summary>
    private const int MaxFrameBytes = 4 * 1024 * 1024;

    private const int ReceiveBufferBytes = 16 * 1024;

    private readonly ClientWebSocket _socket;
    private int _kicked;

    private NotificationSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>Opens a socket to <paramref name="channel"/>; a 404 handshake throws <see cref="ChannelGoneException"/>.</summary>
    public static async Task<NotificationSocket> ConnectAsync(NotificationChannel channel, TimeSpan connectTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // liveness is judged by the platform's heartbeats
        using var timeout = new CancellationTokenSource(connectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(channel.ConnectUri, linked.Token).ConfigureAwait(false);
            return new NotificationSocket(socket);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            if (status == HttpStatusCode.NotFound)
            {
                throw new ChannelGoneException(e);
            }

            var origin = channel.ConnectUri.GetLeftPart(UriPartial.Authority);
            throw e is OperationCanceledException
                ? new ParticipantDataTimeoutException(
                    $"The notification socket to {origin} did not open within {connectTimeout.TotalSeconds:0.#} s.",
                    "Check that WebSockets to the streaming host are allowed (proxies, firewalls).", e)
                : new ParticipantDataException(
                    $"The notification socket to {origin} could not be opened{(status == 0 ? "" : $" ({(int)status})")}: {e.Message}",
                    "Check that WebSockets to the streaming host are allowed (proxies, firewalls).", e);
        }
    }

    /// <summary>
    /// Reads messages until the socket ends, handing each to <paramref name="handle"/>; a non-null answer from it
    /// ends the socket with that reason. Returns why the socket ended and how to reconnect.
    /// </summary>
    public async Task<Disconnect> ReceiveAsync(Func<ReadOnlyMemory<byte>, Disconnect?> handle, TimeSpan deadAfter, TimeProvider time, CancellationToken stop)
    {
        var buffer = new byte[ReceiveBufferBytes];
        using var message = new MemoryStream();
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var watchdog = time.CreateTimer(static state => Cancel((CancellationTokenSource)state!), silence, deadAfter, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), silence.Token).ConfigureAwait(false);
                watchdog.Change(deadAfter, Timeout.InfiniteTimeSpan);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new Disconnect(
                        $"the server closed the socket ({(int?)_socket.CloseStatus} {_socket.CloseStatusDescription})".Replace(" )", ")", StringComparison.Ordinal),
                        Immediate: false,
                        ChannelGone: false);
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxFrameBytes)
                {
                    _socket.Abort();
                    return new Disconnect("a frame exceeded 4 MiB", Immediate: false, ChannelGone: false);
                }

                if (result.EndOfMessage)
                {
                    var ended = handle(message.GetBuffer().AsMemory(0, (int)message.Length));
                    message.SetLength(0);
                    if (ended is not null)
                    {
                        _socket.Abort();
                        return ended;
                    }
                }
            }
        }
        catch (Exception e) when (!stop.IsCancellationRequested
            && e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            _socket.Abort();
            if (Volatile.Read(ref _kicked) == 1)
            {
                return new Disconnect("the channel is gone", Immediate: true, ChannelGone: true);
            }

            return silence.IsCancellationRequested
                ? new Disconnect($"no heartbeat or event arrived for {deadAfter.TotalSeconds:0.#} s (the socket is dead)", Immediate: false, ChannelGone: false)
                : new Disconnect("the connection dropped: " + e.Message, Immediate: false, ChannelGone: false);
        }
        catch (OperationCanceledException)
        {
            return new Disconnect("the client was disposed", Immediate: false, ChannelGone: false);
        }
    }

    /// <summary>Drops the socket because its channel is gone: the read ends with a reason that reconnects at once to a new channel.</summary>
    public void Kick()
    {
        Volatile.Write(ref _kicked, 1);
        _socket.Abort();
    }

    /// <summary>Ends the socket without a close handshake.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Sends the close frame (best effort, bounded by <paramref name="timeout"/>) when the socket is open.</summary>
    public async Task CloseAsync(TimeSpan timeout, TimeProvider time)
    {
        if (_socket.State != WebSocketState.Open)
        {
            return;
        }

        try
        {
            using var bounded = new CancellationTokenSource(timeout, time);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Client closed", bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _socket.Dispose();

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The read already ended.
        }
    }
}
