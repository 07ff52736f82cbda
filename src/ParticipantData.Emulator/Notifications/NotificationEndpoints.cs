using System.Net.WebSockets;
using System.Text.Json;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Notifications;

/// <summary>
/// The notifications API (<c>/api/v2/notifications/channels...</c>), the channel WebSocket
/// (<c>/channels/{channelId}</c>, the emulator's <c>connectUri</c>) and the admin API's notification faults
/// (<c>/emulator/v1/notifications/channels...</c>).
/// </summary>
internal static class NotificationEndpoints
{
    public const string ChannelsPath = "/api/v2/notifications/channels";
    public const string ChannelPath = ChannelsPath + "/{channelId}";
    public const string SubscriptionsPath = ChannelPath + "/subscriptions";
    public const string WebSocketPath = "/channels/{channelId}";
    public const string AdminChannelsPath = "/emulator/v1/notifications/channels";
    public const string AdminChannelPath = AdminChannelsPath + "/{channelId}";

    private const string TopicExample = "[{\"id\":\"v2.detail.events.conversation.{conversationId}.attributes\"}]";

    public static Task CreateChannelAsync(RequestContext context)
    {
        var origin = "ws://" + context.Services.Origin.Authority;
        var channel = context.Services.Channels.Create(context.Caller!.Client.ClientId, context.Caller.AccessToken, origin);
        return context.WriteJsonAsync(200, ChannelRegistry.ToDto(channel));
    }

    public static async Task ListChannelsAsync(RequestContext context)
    {
        var include = context.Http.Request.Query.TryGetValue("includechannels", out var value) ? value.ToString() : "token";
        if (include is not ("token" or "oauthclient"))
        {
            await context.WriteErrorAsync(ApiError.InvalidValue(
                $"Value [{include}] is not valid for field type [includechannels]. Allowable values are: token, oauthclient")).ConfigureAwait(false);
            return;
        }

        var caller = context.Caller!;
        var channels = context.Services.Channels.ListOwned(caller.Client.ClientId, include == "token" ? caller.AccessToken : null);
        await context.WriteJsonAsync(200, new ChannelEntityListingDto(channels.ToList())).ConfigureAwait(false);
    }

    /// <summary><c>HEAD .../channels/{channelId}</c>: 200 when the caller's channel exists, else 404 (no body either way).</summary>
    public static Task HeadChannelAsync(RequestContext context) =>
        Owned(context) is null ? context.WriteErrorAsync(ChannelNotFound(context.Route("channelId"))) : context.WriteEmptyAsync(200);

    public static async Task GetSubscriptionsAsync(RequestContext context)
    {
        if (await OwnedOr404Async(context).ConfigureAwait(false) is not { } channel)
        {
            return;
        }

        await context.WriteJsonAsync(200, Listing(context.Services.Channels.TopicsOf(channel), [])).ConfigureAwait(false);
    }

    /// <summary><c>POST</c> (add, <paramref name="replace"/> false) or <c>PUT</c> (replace) <c>.../subscriptions</c>.</summary>
    public static Func<RequestContext, Task> UpdateSubscriptions(bool replace) => context => UpdateSubscriptionsAsync(context, replace);

    public static async Task DeleteSubscriptionsAsync(RequestContext context)
    {
        if (await OwnedOr404Async(context).ConfigureAwait(false) is not { } channel)
        {
            return;
        }

        context.Services.Channels.UpdateTopics(channel, [], replace: true, out _);
        await context.WriteEmptyAsync(204).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /channels/{channelId}</c> with <c>Upgrade: websocket</c>. The channel id is the credential (as
    /// on the platform, the URI carries no token). An unknown, expired or evicted channel gets <c>404</c>
    /// before the handshake.
    /// </summary>
    public static async Task ConnectAsync(RequestContext context)
    {
        var channelId = context.Route("channelId");
        var channels = context.Services.Channels;
        if (channels.Find(channelId) is null)
        {
            await context.WriteErrorAsync(ChannelNotFound(channelId)).ConfigureAwait(false);
            return;
        }

        if (!context.Http.WebSockets.IsWebSocketRequest)
        {
            await context.WriteErrorAsync(ApiError.BadRequest(
                "This is a notification channel's WebSocket: connect with a WebSocket client (Upgrade: websocket).")).ConfigureAwait(false);
            return;
        }

        if (channels.Attach(channelId, context.Http, context.Services.ChannelFaults) is not { } connection)
        {
            await context.WriteErrorAsync(ChannelNotFound(channelId)).ConfigureAwait(false);
            return;
        }

        LingeringStream? stream = null;
        WebSocket? socket = null;
        try
        {
            if (await WebSocketHandshake.AcceptAsync(context.Http).ConfigureAwait(false) is not var (accepted, upgraded))
            {
                return;
            }

            (socket, stream) = (accepted, upgraded);
            await connection.RunAsync(socket, channels.Settings.HeartbeatInterval).ConfigureAwait(false);
            if (stream.DisposeRequested && socket.State == WebSocketState.Aborted)
            {
                // The socket gave up on the connection after sending a close frame (1007): let the client read it first.
                using var linger = new CancellationTokenSource(ChannelConnection.CloseHandshakeTimeout, context.Services.TimeProvider);
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(linger.Token, context.Http.RequestAborted);
                await stream.LingerAsync(bounded.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            channels.Detach(connection);
            connection.Dispose();
            socket?.Dispose();
            if (stream is not null)
            {
                await stream.DisposeInnerAsync().ConfigureAwait(false);
            }
        }
    }

    public static Task AdminListAsync(RequestContext context) =>
        context.WriteJsonAsync(200, new ChannelAdminListingDto(context.Services.Channels.ListAll().ToList()));

    /// <summary>The admin faults (<see cref="ChannelFaults.AdminFaults"/>): <c>drop</c>, <c>stop-heartbeats</c>, <c>start-heartbeats</c>, <c>socket-closing</c>, <c>expire</c>, <c>evict</c>.</summary>
    public static Func<RequestContext, Task> AdminFault(string fault) => context => AdminFaultAsync(context, fault);

    private static async Task AdminFaultAsync(RequestContext context, string fault)
    {
        var channels = context.Services.Channels;
        var channelId = context.Route("channelId");
        if (channels.Find(channelId) is not { } channel)
        {
            await context.WriteErrorAsync(ChannelNotFound(channelId)).ConfigureAwait(false);
            return;
        }

        if (!context.Services.ChannelFaults.Apply(channel, ChannelFaults.AdminFaults[fault]))
        {
            var why = channels.AdminView(channel).Connected
                ? $"Channel {channelId}'s WebSocket is already closing (socket_closing was sent)."
                : $"Channel {channelId} has no connected WebSocket to {fault.Replace('-', ' ')}.";
            await context.WriteErrorAsync(new ApiError(409, "conflict", why)).ConfigureAwait(false);
            return;
        }

        await context.WriteJsonAsync(200, channels.AdminView(channel)).ConfigureAwait(false);
    }

    private static async Task UpdateSubscriptionsAsync(RequestContext context, bool replace)
    {
        if (await OwnedOr404Async(context).ConfigureAwait(false) is not { } channel)
        {
            return;
        }

        if (ParseIgnoreErrors(context, out var ignoreErrors) is { } badQuery)
        {
            await context.WriteErrorAsync(badQuery).ConfigureAwait(false);
            return;
        }

        if (ParseTopics(context, out var names) is { } badBody)
        {
            await context.WriteErrorAsync(badBody).ConfigureAwait(false);
            return;
        }

        var caller = context.Caller!;
        var permitted = new List<string>();
        var rejected = new List<ChannelTopicDto>();
        foreach (var name in names)
        {
            if (!Topic.TryParse(name, out var topic))
            {
                var reason = $"Topic [{name}] is not a topic the emulator serves: it serves {Topic.Served}, where each id is a UUID.";
                if (!ignoreErrors)
                {
                    await context.WriteErrorAsync(ApiError.BadRequest(reason)).ConfigureAwait(false);
                    return;
                }

                rejected.Add(new ChannelTopicDto { Id = name, State = "Rejected", RejectionReason = reason });
            }
            else if (!Auth.Permissions.Grants(caller.Client.Permissions, topic.Permission))
            {
                if (!ignoreErrors)
                {
                    await context.WriteErrorAsync(ApiError.MissingPermissions(topic.Permission)).ConfigureAwait(false);
                    return;
                }

                rejected.Add(new ChannelTopicDto
                {
                    Id = topic.Name,
                    State = "Rejected",
                    RejectionReason = "The OAuth client is missing the permission this topic requires.",
                    MissingPermissions = [topic.Permission],
                });
            }
            else
            {
                permitted.Add(topic.Name);
            }
        }

        var channels = context.Services.Channels;
        if (channels.UpdateTopics(channel, permitted, replace, out var topics) is { } wouldHave)
        {
            var max = channels.Settings.MaxTopicsPerChannel;
            await context.WriteErrorAsync(new ApiError(400, "bad.request",
                $"The channel would have {wouldHave} topics; a channel can be subscribed to at most {max} topics. Nothing was changed: subscribe the other topics on another channel.")
            {
                Limit = new ErrorLimit("notifications", "max.topics.per.channel", max),
            }).ConfigureAwait(false);
            return;
        }

        await context.WriteJsonAsync(200, Listing(topics, rejected)).ConfigureAwait(false);
    }

    private static ChannelTopicEntityListingDto Listing(IEnumerable<string> topics, IEnumerable<ChannelTopicDto> rejected) =>
        new(topics.Select(t => new ChannelTopicDto { Id = t, State = "Permitted" }).Concat(rejected).ToList());

    private static NotificationChannel? Owned(RequestContext context) =>
        context.Services.Channels.FindOwned(context.Route("channelId"), context.Caller!.Client.ClientId);

    private static async Task<NotificationChannel?> OwnedOr404Async(RequestContext context)
    {
        if (Owned(context) is { } channel)
        {
            return channel;
        }

        await context.WriteErrorAsync(ChannelNotFound(context.Route("channelId"))).ConfigureAwait(false);
        return null;
    }

    private static ApiError ChannelNotFound(string channelId) =>
        ApiError.NotFound($"Channel [{channelId}] was not found: it expired, was removed when its OAuth client created more channels than allowed, " +
            "belongs to another OAuth client, or never existed. Create a channel with POST /api/v2/notifications/channels and subscribe again.");

    private static ApiError? ParseIgnoreErrors(RequestContext context, out bool ignoreErrors)
    {
        ignoreErrors = false;
        if (!context.Http.Request.Query.TryGetValue("ignoreErrors", out var value))
        {
            return null;
        }

        return bool.TryParse(value.ToString(), out ignoreErrors)
            ? null
            : ApiError.InvalidValue($"Value [{value}] is not valid for field type [ignoreErrors]. Allowable values are: true, false");
    }

    /// <summary>Reads the body, a JSON array of <c>ChannelTopic</c>; the error to answer when it is not one.</summary>
    private static ApiError? ParseTopics(RequestContext context, out List<string> names)
    {
        var body = context.Exchange.RequestBody;
        ApiError? error = null;
        names = [];
        if (body.Length == 0)
        {
            error = ApiError.BadRequest("The request body is required: a JSON array of topics, e.g. " + TopicExample + ".");
        }
        else if (!JsonBody.TryRead(context.Http.Request, body, null, out var parsed, out var invalid))
        {
            error = invalid;
        }
        else
        {
            using var document = parsed;
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = ApiError.BadRequest("The request body must be a JSON array of topics, e.g. " + TopicExample + ".");
            }
            else
            {
                var index = 0;
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id)
                        || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
                    {
                        error = ApiError.InvalidValue($"Topic [{index}] has no [id]: each topic is an object such as {{\"id\":\"v2.users.{{userId}}.conversations\"}}.");
                        break;
                    }

                    names.Add(id.GetString()!);
                    index++;
                }
            }
        }

        return error;
    }
}
