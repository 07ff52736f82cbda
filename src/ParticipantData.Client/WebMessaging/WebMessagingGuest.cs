using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ParticipantData.Client.WebMessaging;

/// <summary>
/// A web-messaging guest (the visitor's side of Messenger) on the guest API's WebSocket: connect and configure
/// a session, set custom attributes, send messages, receive what the server pushes. Custom attributes are kept
/// as the mobile SDK keeps them: set ones are merged into a store and sent once, with the next message, only
/// while they are new or changed. Requests are answered in order; one request at a time.
/// </summary>
public sealed class WebMessagingGuest : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly string _deploymentId;
    private readonly bool _startNew;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _requests = new(1, 1);
    private readonly Channel<JsonObject> _answers = Channel.CreateUnbounded<JsonObject>();
    private readonly Channel<GuestFrame> _pushed = Channel.CreateUnbounded<GuestFrame>();
    private readonly Dictionary<string, string> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;

    /// <summary>Creates a guest; nothing is sent until it connects.</summary>
    /// <exception cref="ArgumentException"><see cref="WebMessagingGuestOptions.WebSocketUri"/> or <see cref="WebMessagingGuestOptions.DeploymentId"/> is missing or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="WebMessagingGuestOptions.ResponseTimeout"/> is not positive.</exception>
    public WebMessagingGuest(WebMessagingGuestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _uri = options.WebSocketUri ?? throw new ArgumentException("WebMessagingGuestOptions.WebSocketUri is required (e.g. wss://webmessaging.mypurecloud.com/v1).", nameof(options));
        if (_uri.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"WebMessagingGuestOptions.WebSocketUri must be a ws:// or wss:// URI, not {_uri}.", nameof(options));
        }

        _deploymentId = string.IsNullOrWhiteSpace(options.DeploymentId)
            ? throw new ArgumentException("WebMessagingGuestOptions.DeploymentId is required: the id of the Messenger deployment.", nameof(options))
            : options.DeploymentId.Trim();
        Token = string.IsNullOrWhiteSpace(options.Token) ? Guid.NewGuid().ToString() : options.Token;
        _startNew = options.StartNew;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ResponseTimeout, TimeSpan.Zero, nameof(options.ResponseTimeout));
        _timeout = options.ResponseTimeout;
        _time = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>The guest token (the guest's credential: keep it private, give it again to resume the session).</summary>
    public string Token { get; }

    /// <summary>The session, once <see cref="ConnectAsync"/> has configured it.</summary>
    public GuestSessionInfo? Session { get; private set; }

    /// <summary>
    /// The guest API's WebSocket for an API base URL: <c>https://api.&lt;env&gt;</c> becomes
    /// <c>wss://webmessaging.&lt;env&gt;/v1</c>; any other URL (an emulator) keeps its host, <c>/v1</c> on it.
    /// </summary>
    public static Uri GuestUriFor(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        var secure = apiUrl.Scheme == Uri.UriSchemeHttps;
        var host = apiUrl.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase) ? "webmessaging." + apiUrl.Host[4..] : apiUrl.Host;
        var builder = new UriBuilder(secure ? "wss" : "ws", host, apiUrl.IsDefaultPort ? -1 : apiUrl.Port, "/v1");
        return builder.Uri;
    }

    /// <summary>Opens the socket (<c>?deploymentId=</c>) and configures the session.</summary>
    /// <exception cref="WebMessagingException">The server refused the session (e.g. 403 for an unknown deployment).</exception>
    public async Task<GuestSessionInfo> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var uri = new UriBuilder(_uri) { Query = "deploymentId=" + Uri.EscapeDataString(_deploymentId) }.Uri;
        await _socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        _reader = ReadLoopAsync(_stop.Token);
        var request = new JsonObject { ["action"] = "configureSession", ["token"] = Token, ["deploymentId"] = _deploymentId };
        if (_startNew)
        {
            request["startNew"] = true;
        }

        var answer = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        var body = answer["body"] as JsonObject;
        Session = new GuestSessionInfo(
            body?["newSession"]?.GetValue<bool>() ?? false,
            body?["maxCustomDataBytes"]?.GetValue<int>() ?? 0);
        return Session;
    }

    /// <summary>
    /// Merges attributes into the guest's store (a shallow merge, as Messenger's <c>Database.set</c>). The new or
    /// changed ones go with the next message; values already sent are not sent again.
    /// </summary>
    public void SetCustomAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        lock (_pending)
        {
            foreach (var (key, value) in attributes)
            {
                ArgumentNullException.ThrowIfNull(value, "attributes[" + key + "]");
                if (_sent.TryGetValue(key, out var sent) && string.Equals(sent, value, StringComparison.Ordinal))
                {
                    _pending.Remove(key);
                }
                else
                {
                    _pending[key] = value;
                }
            }
        }
    }

    /// <summary>Sends a text message with the pending custom attributes (in <c>message.channel.metadata.customAttributes</c>).</summary>
    /// <exception cref="WebMessagingException">
    /// The server refused it; for <see cref="WebMessagingException.CustomAttributeSizeTooLarge"/> the pending attributes
    /// are dropped (as the mobile SDK does): shorten them and set them again.
    /// </exception>
    public async Task<GuestMessageReceipt> SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Dictionary<string, string> attributes;
        lock (_pending)
        {
            attributes = new Dictionary<string, string>(_pending, StringComparer.Ordinal);
        }

        var message = new JsonObject { ["type"] = "Text", ["text"] = text };
        if (attributes.Count > 0)
        {
            var map = new JsonObject();
            foreach (var (key, value) in attributes)
            {
                map[key] = value;
            }

            message["channel"] = new JsonObject { ["metadata"] = new JsonObject { ["customAttributes"] = map } };
        }

        JsonObject answer;
        try
        {
            answer = await RequestAsync(new JsonObject { ["action"] = "onMessage", ["token"] = Token, ["message"] = message }, cancellationToken).ConfigureAwait(false);
        }
        catch (WebMessagingException e) when (e.Code == WebMessagingException.CustomAttributeSizeTooLarge)
        {
            Settle(attributes, sent: false);
            throw;
        }

        Settle(attributes, sent: true);
        return new GuestMessageReceipt(
            answer["body"]?["id"]?.GetValue<string>() ?? "",
            attributes,
            answer["conversationId"]?.GetValue<string>());
    }

    /// <summary>The next frame the server pushed that answers no request (e.g. an agent's reply).</summary>
    public async Task<GuestFrame> ReceiveAsync(CancellationToken cancellationToken = default) =>
        await _pushed.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the socket (the session stays on the server and can be resumed with <see cref="Token"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Guest done", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server went first or does not answer: the socket is dropped below.
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reader is not null)
        {
            await _reader.ConfigureAwait(false);
        }

        _socket.Dispose();
        _requests.Dispose();
        _stop.Dispose();
    }

    private void Settle(Dictionary<string, string> attributes, bool sent)
    {
        lock (_pending)
        {
            foreach (var (key, value) in attributes)
            {
                if (_pending.TryGetValue(key, out var now) && string.Equals(now, value, StringComparison.Ordinal))
                {
                    _pending.Remove(key);
                }

                if (sent)
                {
                    _sent[key] = value;
                }
            }
        }
    }

    private async Task<JsonObject> RequestAsync(JsonObject request, CancellationToken cancellationToken)
    {
        await _requests.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            JsonObject answer;
            try
            {
                answer = await _answers.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The guest API did not answer {request["action"]} within {_timeout.TotalSeconds:0.#} s.");
            }
            catch (ChannelClosedException e)
            {
                throw new WebMessagingException(
                    (int?)_socket.CloseStatus ?? 1006,
                    $"The guest API closed the socket ({(int?)_socket.CloseStatus ?? 1006} {_socket.CloseStatusDescription}) before answering {request["action"]}.",
                    e);
            }

            var code = answer["code"]?.GetValue<int>() ?? 200;
            if (code is < 200 or > 299)
            {
                var body = answer["body"];
                var text = body is JsonValue value && value.TryGetValue<string>(out var s) ? s : body?.ToJsonString() ?? "(no message)";
                throw new WebMessagingException(code, $"The guest API refused {request["action"]} with code {code}: {text}");
            }

            return answer;
        }
        finally
        {
            _requests.Release();
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var json = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (Parse(json) is not { } frame)
                {
                    continue;
                }

                if (IsAnswer(frame))
                {
                    _answers.Writer.TryWrite(frame);
                }
                else
                {
                    _pushed.Writer.TryWrite(new GuestFrame(Text(frame, "type"), Text(frame, "class"), frame["code"]?.GetValue<int>() ?? 200, json));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closed, dropped or disposed: pending requests see the channel closed.
        }
        finally
        {
            _answers.Writer.TryComplete();
            _pushed.Writer.TryComplete();
        }
    }

    // A response frame answers a request; so does the echo of the guest's own message (direction Inbound).
    private static bool IsAnswer(JsonObject frame) =>
        Text(frame, "type") == "response"
        || (Text(frame, "type") == "message" && frame["body"] is JsonObject body && Text(body, "direction") == "Inbound");

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
