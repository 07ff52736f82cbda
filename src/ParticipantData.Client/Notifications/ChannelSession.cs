using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// The channel and socket behind a <see cref="NotificationsClient"/>. The first subscription creates the
/// channel, subscribes and opens the socket in the caller's call (so its errors reach the caller); from then
/// on a background loop reads frames, watches for silence and reconnects. <c>_gate</c> serialises every
/// channel operation (create, subscribe); <c>_state</c> guards the connection state and the topics applied.
/// </summary>
internal sealed class ChannelSession : IAsyncDisposable
{
    private const string MetadataTopic = "channel.metadata";
    private const string SocketClosingTopic = "v2.system.socket_closing";
    private const int MaxFrameBytes = 4 * 1024 * 1024;

    private readonly ParticipantDataClient _client;
    private readonly NotificationsClientOptions _options;
    private readonly Action<NotificationConnectionChangedEventArgs> _changed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _state = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Dictionary<string, int> _desired = new(StringComparer.OrdinalIgnoreCase);
    private NotificationSubscription[] _subscriptions = [];
    private TaskCompletionSource _stateChanged = NewSignal();
    private NotificationConnectionState _current = NotificationConnectionState.Idle;
    private ChannelState? _channel;
    private ChannelState? _connected;
    private ClientWebSocket? _socket;
    private Task? _loop;
    private int _reconnects;
    private int _createdChannels; // under _gate
    private int _kicked;
    private int _disposed;

    public ChannelSession(ParticipantDataClient client, NotificationsClientOptions options, Action<NotificationConnectionChangedEventArgs> changed)
    {
        _client = client;
        _options = options;
        _changed = changed;
        _time = client.Time;
        _logger = client.Logger;
    }

    public NotificationConnectionState State
    {
        get
        {
            lock (_state)
            {
                return _current;
            }
        }
    }

    public string? ChannelId
    {
        get
        {
            lock (_state)
            {
                return _channel?.Id;
            }
        }
    }

    public int Reconnects => Volatile.Read(ref _reconnects);

    public async Task<NotificationSubscription> SubscribeAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var wanted = Validate(topics);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, typeof(NotificationsClient));
        var subscription = new NotificationSubscription(this, wanted);
        // Topics are registered before waiting for the gate, so one PUT carries every subscription that arrived
        // while the previous one was in flight (the PUT spends the OAuth client's request budget like any call).
        lock (_state)
        {
            var total = _desired.Keys.Union(wanted, StringComparer.OrdinalIgnoreCase).Count();
            if (total > _options.MaxTopicsPerChannel)
            {
                throw new ArgumentException(
                    $"This would put {total} topics on the channel; a channel holds at most {_options.MaxTopicsPerChannel} topics. " +
                    "Dispose subscriptions you no longer need, or use another NotificationsClient (an OAuth client may hold 20 channels).",
                    nameof(topics));
            }

            foreach (var topic in wanted)
            {
                _desired[topic] = _desired.GetValueOrDefault(topic) + 1;
            }
        }

        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_state)
            {
                RemoveDesired(wanted);
            }

            throw;
        }

        try
        {
            AddSubscription(subscription);
            try
            {
                if (_loop is null)
                {
                    var (socket, channel, _) = await OpenLockedAsync(forceNewChannel: false, cancellationToken).ConfigureAwait(false);
                    SetConnected(channel, socket, recreated: false);
                    _loop = Task.Run(() => RunAsync(socket, channel), CancellationToken.None);
                }
                else if (CurrentChannel() is { } channel && !AppliedAll(channel, wanted))
                {
                    try
                    {
                        await PutTopicsAsync(channel, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GenesysApiException e) when (e.Status == HttpStatusCode.NotFound)
                    {
                        // Gone since the socket opened: the loop re-creates it with every topic.
                        Forget(channel);
                        Kick();
                    }
                }
            }
            catch
            {
                lock (_state)
                {
                    RemoveDesired(wanted);
                }

                RemoveSubscription(subscription);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }

        await WaitReadyAsync(wanted, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    public async ValueTask UnsubscribeAsync(NotificationSubscription subscription)
    {
        RemoveSubscription(subscription);
        subscription.Complete();
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        try
        {
            await _gate.WaitAsync(_disposing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            bool removed;
            lock (_state)
            {
                removed = RemoveDesired(subscription.Topics);
            }

            if (removed && CurrentChannel() is { } channel)
            {
                await PutTopicsAsync(channel, _disposing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ParticipantDataException or OperationCanceledException or HttpRequestException)
        {
            // The topics stay on the channel; their events are not delivered to anyone.
            _logger.LogWarning("Notifications: unsubscribing {Count} topic(s) failed: {Error}", subscription.Topics.Count, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        ClientWebSocket? socket;
        string? channelId;
        lock (_state)
        {
            socket = _socket;
            channelId = _channel?.Id;
            SetStateLocked(NotificationConnectionState.Closed, null);
        }

        if (socket is { State: WebSocketState.Open })
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Client closed", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone.
            }
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Complete();
        }

        Raise(new NotificationConnectionChangedEventArgs(NotificationConnectionState.Closed, channelId, "disposed", false, Reconnects));
        _disposing.Dispose();
        _gate.Dispose();
    }

    private static List<string> Validate(IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var wanted = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var topic in topics)
        {
            if (string.IsNullOrWhiteSpace(topic))
            {
                throw new ArgumentException("A topic is empty: give topic names such as v2.detail.events.conversation.{conversationId}.attributes.", nameof(topics));
            }

            if (seen.Add(topic.Trim()))
            {
                wanted.Add(topic.Trim());
            }
        }

        return wanted.Count == 0
            ? throw new ArgumentException("No topics to subscribe to: give at least one (NotificationTopics builds them).", nameof(topics))
            : wanted;
    }

    /// <summary>The background loop: read until the socket ends, then reconnect (with backoff unless the server asked).</summary>
    private async Task RunAsync(ClientWebSocket socket, ChannelState channel)
    {
        var backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay, _options.UseJitter);
        var stop = _disposing.Token;
        try
        {
            while (true)
            {
                var ended = await ReceiveAsync(socket, stop).ConfigureAwait(false);
                socket.Dispose();
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (ended.ChannelGone)
                {
                    Forget(channel);
                }

                _logger.LogInformation("Notifications: reconnecting because {Reason}", ended.Reason);
                SetReconnecting(channel, ended.Reason);
                var immediate = ended.Immediate;
                while (true)
                {
                    if (!immediate)
                    {
                        await Task.Delay(backoff.Next(), _time, stop).ConfigureAwait(false);
                    }

                    immediate = false;
                    await _gate.WaitAsync(stop).ConfigureAwait(false);
                    try
                    {
                        var (next, nextChannel, recreated) = await OpenLockedAsync(forceNewChannel: false, stop).ConfigureAwait(false);
                        (socket, channel) = (next, nextChannel);
                        Interlocked.Increment(ref _reconnects);
                        SetConnected(channel, socket, recreated);
                        break;
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested && e is ParticipantDataException or HttpRequestException or WebSocketException or OperationCanceledException)
                    {
                        _logger.LogWarning("Notifications: reconnecting failed, trying again with backoff: {Error}", e.Message);
                        SetReconnecting(channel, e.Message);
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }

                backoff.Reset();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// With the gate held: makes sure a live channel with every desired topic exists (creating one when there
    /// is none, it expired, or the server says it is gone) and opens a socket to it.
    /// </summary>
    private async Task<(ClientWebSocket Socket, ChannelState Channel, bool Recreated)> OpenLockedAsync(bool forceNewChannel, CancellationToken cancellationToken)
    {
        var recreated = false;
        for (var attempt = 0; ; attempt++)
        {
            var channel = CurrentChannel();
            if (forceNewChannel || channel is null || channel.Expires <= _time.GetUtcNow())
            {
                if (channel is not null)
                {
                    Forget(channel);
                }

                channel = await CreateChannelAsync(cancellationToken).ConfigureAwait(false);
                await PutTopicsAsync(channel, cancellationToken).ConfigureAwait(false);
                recreated |= _createdChannels > 0;
                _createdChannels++;
                lock (_state)
                {
                    _channel = channel;
                }
            }

            try
            {
                return (await ConnectAsync(channel, cancellationToken).ConfigureAwait(false), channel, recreated);
            }
            catch (ChannelGoneException) when (attempt == 0)
            {
                forceNewChannel = true;
            }
            catch (ParticipantDataException) when (attempt == 0 && !cancellationToken.IsCancellationRequested)
            {
                // The socket failed for another reason: if the channel turns out to be gone, re-create it; else give up for now.
                if (await ExistsAsync(channel, cancellationToken).ConfigureAwait(false) != false)
                {
                    throw;
                }

                forceNewChannel = true;
            }
        }
    }

    private async Task<ChannelState> CreateChannelAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.Api.SendAsync(
            HttpMethod.Post, "/api/v2/notifications/channels", null, "POST /api/v2/notifications/channels", cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ChannelDto? dto = null;
        try
        {
            dto = JsonSerializer.Deserialize(text, NotificationJsonContext.Default.ChannelDto);
        }
        catch (JsonException)
        {
            // Reported below.
        }

        if (dto?.Id is not { Length: > 0 } id || !Uri.TryCreate(dto.ConnectUri, UriKind.Absolute, out var connectUri)
            || connectUri.Scheme is not ("ws" or "wss"))
        {
            throw new ParticipantDataException(
                "POST /api/v2/notifications/channels answered without a channel id and a ws(s):// connectUri.",
                "Check that the API URL points at Genesys Cloud or the emulator.");
        }

        DateTimeOffset? expires = DateTimeOffset.TryParse(dto.Expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        _logger.LogInformation("Notifications: created a channel (expires {Expires})", dto.Expires ?? "unknown");
        return new ChannelState(id, connectUri, expires);
    }

    private async Task PutTopicsAsync(ChannelState channel, CancellationToken cancellationToken)
    {
        List<string> topics;
        lock (_state)
        {
            topics = _desired.Keys.ToList();
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            topics.Select(t => new ChannelTopicDto { Id = t }).ToList(), NotificationJsonContext.Default.ListChannelTopicDto);
        using var response = await _client.Api.SendAsync(
            HttpMethod.Put,
            $"/api/v2/notifications/channels/{Uri.EscapeDataString(channel.Id)}/subscriptions",
            body,
            "PUT /api/v2/notifications/channels/{channelId}/subscriptions",
            cancellationToken).ConfigureAwait(false);
        lock (_state)
        {
            channel.Applied = new HashSet<string>(topics, StringComparer.OrdinalIgnoreCase);
            Signal();
        }
    }

    /// <summary>True/false when <c>HEAD</c> says whether the channel exists; null when that could not be learned.</summary>
    private async Task<bool?> ExistsAsync(ChannelState channel, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.Api.SendAsync(
                HttpMethod.Head, "/api/v2/notifications/channels/" + Uri.EscapeDataString(channel.Id), null,
                "HEAD /api/v2/notifications/channels/{channelId}", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GenesysApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (e is ParticipantDataException or HttpRequestException)
        {
            return null;
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(ChannelState channel, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // liveness is judged by the platform's heartbeats
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(channel.ConnectUri, linked.Token).ConfigureAwait(false);
            return socket;
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
                    $"The notification socket to {origin} did not open within {_options.ConnectTimeout.TotalSeconds:0.#} s.",
                    "Check that WebSockets to the streaming host are allowed (proxies, firewalls).", e)
                : new ParticipantDataException(
                    $"The notification socket to {origin} could not be opened{(status == 0 ? "" : $" ({(int)status})")}: {e.Message}",
                    "Check that WebSockets to the streaming host are allowed (proxies, firewalls).", e);
        }
    }

    /// <summary>Reads frames until the socket ends; says why and how to reconnect.</summary>
    private async Task<Disconnect> ReceiveAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var timeout = _options.DeadSocketTimeout;
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var watchdog = _time.CreateTimer(static state => Cancel((CancellationTokenSource)state!), silence, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), silence.Token).ConfigureAwait(false);
                watchdog.Change(timeout, Timeout.InfiniteTimeSpan);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new Disconnect(
                        $"the server closed the socket ({(int?)socket.CloseStatus} {socket.CloseStatusDescription})".Replace(" )", ")", StringComparison.Ordinal),
                        Immediate: false,
                        ChannelGone: false);
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxFrameBytes)
                {
                    socket.Abort();
                    return new Disconnect("a frame exceeded 4 MiB", Immediate: false, ChannelGone: false);
                }

                if (result.EndOfMessage)
                {
                    var ended = Handle(message.GetBuffer().AsSpan(0, (int)message.Length));
                    message.SetLength(0);
                    if (ended is not null)
                    {
                        socket.Abort();
                        return ended;
                    }
                }
            }
        }
        catch (Exception e) when (!stop.IsCancellationRequested
            && e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            socket.Abort();
            if (Interlocked.Exchange(ref _kicked, 0) == 1)
            {
                return new Disconnect("the channel is gone", Immediate: true, ChannelGone: true);
            }

            return silence.IsCancellationRequested
                ? new Disconnect($"no heartbeat or event arrived for {timeout.TotalSeconds:0.#} s (the socket is dead)", Immediate: false, ChannelGone: false)
                : new Disconnect("the connection dropped: " + e.Message, Immediate: false, ChannelGone: false);
        }
        catch (OperationCanceledException)
        {
            return new Disconnect("the client was disposed", Immediate: false, ChannelGone: false);
        }
    }

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

    /// <summary>Dispatches an event; returns why to reconnect for the system topics that end the socket.</summary>
    private Disconnect? Handle(ReadOnlySpan<byte> json)
    {
        NotificationFrameDto? frame;
        try
        {
            frame = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.NotificationFrameDto);
        }
        catch (JsonException e)
        {
            _logger.LogWarning("Notifications: ignored a frame that is not JSON: {Error}", e.Message);
            return null;
        }

        if (frame?.TopicName is not { } topic || string.Equals(topic, MetadataTopic, StringComparison.Ordinal))
        {
            return null; // heartbeats and ping replies only prove the socket is alive
        }

        if (string.Equals(topic, SocketClosingTopic, StringComparison.Ordinal))
        {
            return new Disconnect("the server announced it is closing the socket (v2.system.socket_closing)", Immediate: true, ChannelGone: false);
        }

        if (topic.StartsWith("v2.system.no_longer_subscribed", StringComparison.Ordinal) || topic.StartsWith("v2.system.token_revoked", StringComparison.Ordinal))
        {
            return new Disconnect($"the channel was taken away ({topic.Split('.')[2]})", Immediate: true, ChannelGone: true);
        }

        if (topic.StartsWith("v2.system.", StringComparison.Ordinal))
        {
            return null;
        }

        var notification = new NotificationEvent(topic, frame.Version, frame.EventBody, frame.Metadata?.CorrelationId, _time.GetUtcNow());
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Wants(topic))
            {
                subscription.Post(notification);
            }
        }

        return null;
    }

    private async Task WaitReadyAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_state)
            {
                ObjectDisposedException.ThrowIf(_current == NotificationConnectionState.Closed, typeof(NotificationsClient));
                if (_current == NotificationConnectionState.Connected && _connected is { } channel && ReferenceEquals(channel, _channel)
                    && topics.All(channel.Applied.Contains))
                {
                    return;
                }

                changed = _stateChanged.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private ChannelState? CurrentChannel()
    {
        lock (_state)
        {
            return _channel;
        }
    }

    private void Forget(ChannelState channel)
    {
        lock (_state)
        {
            if (ReferenceEquals(_channel, channel))
            {
                _channel = null;
                Signal();
            }
        }
    }

    /// <summary>Drops the current socket so the loop reconnects (and re-creates the forgotten channel) at once.</summary>
    private void Kick()
    {
        ClientWebSocket? socket;
        lock (_state)
        {
            socket = _socket;
        }

        if (socket is not null)
        {
            Interlocked.Exchange(ref _kicked, 1);
            socket.Abort();
        }
    }

    private void SetConnected(ChannelState channel, ClientWebSocket socket, bool recreated)
    {
        lock (_state)
        {
            if (_current == NotificationConnectionState.Closed)
            {
                socket.Abort();
                return;
            }

            _connected = channel;
            _socket = socket;
            SetStateLocked(NotificationConnectionState.Connected, null);
        }

        Raise(new NotificationConnectionChangedEventArgs(NotificationConnectionState.Connected, channel.Id, null, recreated, Reconnects));
    }

    private void SetReconnecting(ChannelState? channel, string reason)
    {
        lock (_state)
        {
            if (_current == NotificationConnectionState.Closed)
            {
                return;
            }

            _connected = null;
            _socket = null;
            SetStateLocked(NotificationConnectionState.Reconnecting, null);
        }

        Raise(new NotificationConnectionChangedEventArgs(NotificationConnectionState.Reconnecting, channel?.Id, reason, false, Reconnects));
    }

    private void SetStateLocked(NotificationConnectionState state, ChannelState? connected)
    {
        _current = state;
        if (state != NotificationConnectionState.Connected)
        {
            _connected = connected;
        }

        Signal();
    }

    private void Signal()
    {
        var previous = _stateChanged;
        _stateChanged = NewSignal();
        previous.TrySetResult();
    }

    private void Raise(NotificationConnectionChangedEventArgs args)
    {
        try
        {
            _changed(args);
        }
#pragma warning disable CA1031 // A subscriber's exception must not stop the connection loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning("Notifications: a ConnectionChanged handler threw: {Error}", e.Message);
        }
    }

    private void AddSubscription(NotificationSubscription subscription)
    {
        lock (_state)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }
    }

    private void RemoveSubscription(NotificationSubscription subscription)
    {
        lock (_state)
        {
            _subscriptions = _subscriptions.Where(s => !ReferenceEquals(s, subscription)).ToArray();
        }
    }

    private bool AppliedAll(ChannelState channel, IReadOnlyList<string> topics)
    {
        lock (_state)
        {
            return topics.All(channel.Applied.Contains);
        }
    }

    /// <summary>Releases a subscription's topics (state lock held); true when a topic left the channel.</summary>
    private bool RemoveDesired(IEnumerable<string> topics)
    {
        var removed = false;
        foreach (var topic in topics)
        {
            if (_desired.TryGetValue(topic, out var count))
            {
                if (count <= 1)
                {
                    _desired.Remove(topic);
                    removed = true;
                }
                else
                {
                    _desired[topic] = count - 1;
                }
            }
        }

        return removed;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ChannelState(string id, Uri connectUri, DateTimeOffset? expires)
    {
        public string Id { get; } = id;

        public Uri ConnectUri { get; } = connectUri;

        public DateTimeOffset Expires { get; } = expires ?? DateTimeOffset.MaxValue;

        /// <summary>The topics the last successful subscription put on the channel (guarded by the session's state lock).</summary>
        public HashSet<string> Applied { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed record Disconnect(string Reason, bool Immediate, bool ChannelGone);

    private sealed class ChannelGoneException(Exception inner)
        : ParticipantDataException("The notification channel no longer exists (404).", inner);
}
