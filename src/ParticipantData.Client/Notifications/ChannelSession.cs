using System.Net;
using Microsoft.Extensions.Logging;
using ParticipantData.Client.Http;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// The channel and socket behind a <see cref="NotificationsClient"/>, and the connection's state. The first
/// subscription creates the channel, subscribes and opens the socket in the caller's call (so its errors reach the
/// caller); from then on a background loop reads frames and reconnects (<see cref="ReconnectPolicy"/>).
/// <c>_gate</c> serialises every channel operation (create, subscribe); <see cref="ConnectionStatus"/> holds where the
/// connection is, <see cref="TopicCounts"/> the topics wanted, <see cref="Subscribers"/> who gets the events.
/// </summary>
internal sealed class ChannelSession : IAsyncDisposable
{
    /// <summary>How long disposing waits for the close frame to go out.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly ChannelApi _api;
    private readonly NotificationsClientOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly TopicCounts _topics;
    private readonly Subscribers _subscribers = new();
    private readonly ConnectionStatus _status;
    private Task? _loop;
    private int _createdChannels; // under _gate
    private int _disposed;

    /// <summary>Works from the notifications client's frozen settings.</summary>
    public ChannelSession(GenesysHttp api, TimeProvider time, ILogger logger, NotificationsClientOptions settings, Action<NotificationConnectionChangedEventArgs> changed)
    {
        _api = new ChannelApi(api, logger);
        _settings = settings;
        _time = time;
        _logger = logger;
        _topics = new TopicCounts(settings.MaxTopicsPerChannel);
        _status = new ConnectionStatus(changed, logger);
    }

    public NotificationConnectionState State => _status.State;

    public string? ChannelId => _status.Channel?.Id;

    public int Reconnects => _status.Reconnects;

    public async Task<NotificationSubscription> SubscribeAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var wanted = TopicCounts.Validate(topics);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, typeof(NotificationsClient));
        var subscription = new NotificationSubscription(this, wanted);
        // Topics are registered before waiting for the gate, so one PUT carries every subscription that arrived
        // while the previous one was in flight (the PUT spends the OAuth client's request budget like any request).
        _topics.Add(wanted);

        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _topics.Remove(wanted);
            throw;
        }

        try
        {
            _subscribers.Add(subscription);
            try
            {
                if (_loop is null)
                {
                    var (socket, channel, _) = await OpenLockedAsync(forceNewChannel: false, cancellationToken).ConfigureAwait(false);
                    _status.Connected(channel, socket, recreated: false, reconnect: false);
                    _loop = Task.Run(() => RunAsync(socket, channel), CancellationToken.None);
                }
                else if (_status.Channel is { } channel && !_status.AppliedAll(channel, wanted))
                {
                    try
                    {
                        await PutTopicsAsync(channel, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GenesysApiException e) when (e.Status == HttpStatusCode.NotFound)
                    {
                        // Gone since the socket opened: the loop re-creates it with every topic.
                        _status.Forget(channel);
                        _status.Socket?.Kick();
                    }
                }
            }
            catch
            {
                _topics.Remove(wanted);
                _subscribers.Remove(subscription);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }

        await _status.WaitReadyAsync(wanted, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    public async ValueTask UnsubscribeAsync(NotificationSubscription subscription)
    {
        _subscribers.Remove(subscription);
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
            if (_topics.Remove(subscription.Topics) && _status.Channel is { } channel)
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

        var (socket, channelId) = _status.Close();
        if (socket is not null)
        {
            await socket.CloseAsync(CloseTimeout, _time).ConfigureAwait(false);
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _subscribers.CompleteAll();
        _status.Closed(channelId);
        _disposing.Dispose();
        _gate.Dispose();
    }

    /// <summary>The background loop: read until the socket ends, then reconnect (with backoff unless the server asked).</summary>
    private async Task RunAsync(NotificationSocket socket, NotificationChannel channel)
    {
        var stop = _disposing.Token;
        try
        {
            while (true)
            {
                var ended = await socket.ReceiveAsync(HandleFrame, _settings.DeadSocketTimeout, _time, stop).ConfigureAwait(false);
                socket.Dispose();
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (ended.ChannelGone)
                {
                    _status.Forget(channel);
                }

                _logger.LogInformation("Notifications: reconnecting because {Reason}", ended.Reason);
                _status.Reconnecting(channel, ended.Reason);
                if (!ended.Immediate)
                {
                    await Task.Delay(ReconnectPolicy.Delay(_settings, 0), _time, stop).ConfigureAwait(false);
                }

                var lost = channel;
                var retry = ReconnectPolicy.Build(_settings, _time, delayedAlready: !ended.Immediate, e =>
                {
                    _logger.LogWarning("Notifications: reconnecting failed, trying again with backoff: {Error}", e.Message);
                    _status.Reconnecting(lost, e.Message);
                });
                (socket, channel) = await retry.ExecuteAsync(ReconnectOnceAsync, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async ValueTask<(NotificationSocket, NotificationChannel)> ReconnectOnceAsync(CancellationToken stop)
    {
        await _gate.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            var (socket, channel, recreated) = await OpenLockedAsync(forceNewChannel: false, stop).ConfigureAwait(false);
            _status.Connected(channel, socket, recreated, reconnect: true);
            return (socket, channel);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// With the gate held: makes sure a live channel with every wanted topic exists (creating one when there
    /// is none, it expired, or the server says it is gone) and opens a socket to it.
    /// </summary>
    private async Task<(NotificationSocket Socket, NotificationChannel Channel, bool Recreated)> OpenLockedAsync(bool forceNewChannel, CancellationToken cancellationToken)
    {
        var recreated = false;
        for (var attempt = 0; ; attempt++)
        {
            var channel = _status.Channel;
            if (forceNewChannel || channel is null || channel.Expires <= _time.GetUtcNow())
            {
                if (channel is not null)
                {
                    _status.Forget(channel);
                }

                channel = await _api.CreateAsync(cancellationToken).ConfigureAwait(false);
                await PutTopicsAsync(channel, cancellationToken).ConfigureAwait(false);
                recreated |= _createdChannels > 0;
                _createdChannels++;
                _status.Use(channel);
            }

            try
            {
                var socket = await NotificationSocket.ConnectAsync(channel, _settings.ConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
                return (socket, channel, recreated);
            }
            catch (ChannelGoneException) when (attempt == 0)
            {
                forceNewChannel = true;
            }
            catch (ParticipantDataException) when (attempt == 0 && !cancellationToken.IsCancellationRequested)
            {
                // The socket failed for another reason: if the channel turns out to be gone, re-create it; else give up for now.
                if (await _api.ExistsAsync(channel, cancellationToken).ConfigureAwait(false) != false)
                {
                    throw;
                }

                forceNewChannel = true;
            }
        }
    }

    /// <summary>Puts every wanted topic on the channel and records them as applied.</summary>
    private async Task PutTopicsAsync(NotificationChannel channel, CancellationToken cancellationToken)
    {
        var topics = _topics.All();
        await _api.PutTopicsAsync(channel, topics, cancellationToken).ConfigureAwait(false);
        _status.Applied(channel, topics);
    }

    /// <summary>Posts an event to its subscribers; returns why to reconnect for the system topics that end the socket.</summary>
    private Disconnect? HandleFrame(ReadOnlyMemory<byte> json)
    {
        var (ended, notification) = NotificationFrames.Classify(json.Span, _time.GetUtcNow(), _logger);
        if (notification is not null)
        {
            _subscribers.Post(notification);
        }

        return ended;
    }
}
