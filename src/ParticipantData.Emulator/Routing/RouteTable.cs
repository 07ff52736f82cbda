using ParticipantData.Emulator.Admin;
using ParticipantData.Emulator.Attributes;
using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Faults;
using ParticipantData.Emulator.Notifications;

namespace ParticipantData.Emulator.Routing;

/// <summary>Which part of the emulator a route belongs to; it decides authentication and journaling.</summary>
internal enum RouteArea
{
    /// <summary><c>/api/v2</c>: bearer token, rate limit, permissions; journaled.</summary>
    Api,

    /// <summary><c>/oauth</c>: the login service; journaled with secrets masked.</summary>
    Login,

    /// <summary><c>/emulator/v1</c>: the emulator's own API; no authentication, not journaled.</summary>
    Admin,

    /// <summary>WebSockets: <c>/channels/{channelId}</c> (notifications; the channel id is the credential) and <c>/v1</c> (web-messaging guests); journaled.</summary>
    Streaming,
}

/// <summary>One operation: method, path template, required permission (null = none) and handler.</summary>
internal sealed record Route(RouteArea Area, string Method, RouteTemplate Template, string? Permission, Func<RequestContext, Task> Handler);

/// <summary>
/// Every route the emulator answers, in one place. A request matching none of them gets the platform's
/// <c>404 not.found</c>, whatever its method: this is what the popular wrong recipes
/// (<c>PATCH /api/v2/conversations/{id}</c>, <c>/webchat/</c>, <c>/voice/</c>, the removed <c>/chats/</c>) get.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<Route> _routes = [];

    public RouteTable()
    {
        Api("GET", "/api/v2/conversations/{conversationId}", ConversationEndpoints.GetConversationAsync,
            Permissions.ConversationCommunicationView);
        Api("PATCH", "/api/v2/conversations/{conversationId}/participants/{participantId}/attributes", AttributeEndpoints.Patch(null));
        foreach (var media in MediaKinds.All)
        {
            // Per the SDK docs the media forms require no permission.
            Api("GET", $"/api/v2/conversations/{media.Segment()}/{{conversationId}}", ConversationEndpoints.GetMediaConversation(media));
            Api("PATCH", $"/api/v2/conversations/{media.Segment()}/{{conversationId}}/participants/{{participantId}}/attributes",
                AttributeEndpoints.Patch(media));
        }

        Add(RouteArea.Login, "POST", "/oauth/token", TokenEndpoint.HandleAsync);

        // Notifications: channels, subscriptions, the channel WebSocket and its admin faults.
        Api("POST", NotificationEndpoints.ChannelsPath, NotificationEndpoints.CreateChannelAsync);
        Api("GET", NotificationEndpoints.ChannelsPath, NotificationEndpoints.ListChannelsAsync);
        Api("HEAD", NotificationEndpoints.ChannelPath, NotificationEndpoints.HeadChannelAsync);
        Api("GET", NotificationEndpoints.SubscriptionsPath, NotificationEndpoints.GetSubscriptionsAsync);
        Api("POST", NotificationEndpoints.SubscriptionsPath, NotificationEndpoints.UpdateSubscriptions(replace: false));
        Api("PUT", NotificationEndpoints.SubscriptionsPath, NotificationEndpoints.UpdateSubscriptions(replace: true));
        Api("DELETE", NotificationEndpoints.SubscriptionsPath, NotificationEndpoints.DeleteSubscriptionsAsync);
        Add(RouteArea.Streaming, "GET", NotificationEndpoints.WebSocketPath, NotificationEndpoints.ConnectAsync);
        Add(RouteArea.Admin, "GET", NotificationEndpoints.AdminChannelsPath, NotificationEndpoints.AdminListAsync);
        foreach (var fault in ChannelFaults.AdminFaults.Keys)
        {
            Add(RouteArea.Admin, "POST", NotificationEndpoints.AdminChannelPath + "/" + fault, NotificationEndpoints.AdminFault(fault));
        }

        Add(RouteArea.Streaming, "GET", WebMessaging.WebMessagingEndpoints.WebSocketPath, WebMessaging.WebMessagingEndpoints.ConnectAsync);
        Add(RouteArea.Admin, "POST", WebMessaging.WebMessagingEndpoints.AdminMessagesPath, WebMessaging.WebMessagingEndpoints.SendOutboundAsync);

        Add(RouteArea.Admin, "GET", "/", Dashboard.DashboardEndpoints.RedirectToUiAsync);
        Add(RouteArea.Admin, "GET", Dashboard.DashboardEndpoints.UiPath, Dashboard.DashboardEndpoints.IndexAsync);
        Add(RouteArea.Admin, "GET", Dashboard.DashboardEndpoints.UiPath + "/", Dashboard.DashboardEndpoints.IndexAsync);
        Add(RouteArea.Admin, "GET", Dashboard.DashboardEndpoints.UiPath + "/{file}", Dashboard.DashboardEndpoints.AssetAsync);
        Add(RouteArea.Admin, "GET", Dashboard.DashboardEndpoints.StatePath, Dashboard.DashboardEndpoints.StateAsync);

        Add(RouteArea.Admin, "GET", "/emulator/v1/health", AdminEndpoints.HealthAsync);
        Add(RouteArea.Admin, "GET", "/emulator/v1/conversations", AdminEndpoints.ListConversationsAsync);
        Add(RouteArea.Admin, "POST", "/emulator/v1/conversations", AdminEndpoints.CreateConversationAsync);
        Add(RouteArea.Admin, "GET", "/emulator/v1/conversations/{conversationId}", AdminEndpoints.GetConversationAsync);
        Add(RouteArea.Admin, "POST", "/emulator/v1/conversations/{conversationId}/disconnect", AdminEndpoints.DisconnectConversationAsync);
        Add(RouteArea.Admin, "GET", "/emulator/v1/requests", AdminEndpoints.ListRequestsAsync);
        Add(RouteArea.Admin, "DELETE", "/emulator/v1/requests", AdminEndpoints.ClearRequestsAsync);
        Add(RouteArea.Admin, "GET", "/emulator/v1/statistics", AdminEndpoints.StatisticsAsync);
        Add(RouteArea.Admin, "GET", "/emulator/v1/faultplan", FaultPlanEndpoints.GetAsync);
        Add(RouteArea.Admin, "PUT", "/emulator/v1/faultplan", FaultPlanEndpoints.PutAsync);
        Add(RouteArea.Admin, "DELETE", "/emulator/v1/faultplan", FaultPlanEndpoints.DeleteAsync);
        Add(RouteArea.Admin, "PUT", "/emulator/v1/faultplan/{name}", FaultPlanEndpoints.PutBuiltInAsync);
    }

    public IReadOnlyList<Route> Routes => _routes;

    /// <summary>The most specific route for the method and path, with its route values; null when none.</summary>
    public (Route Route, Dictionary<string, string> Values)? Match(string method, string path)
    {
        var segments = RouteTemplate.Split(path);
        (Route Route, Dictionary<string, string> Values)? best = null;
        foreach (var route in _routes)
        {
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)
                && route.Template.TryMatch(segments, out var values)
                && (best is null || route.Template.LiteralCount > best.Value.Route.Template.LiteralCount))
            {
                best = (route, values);
            }
        }

        return best;
    }

    private void Api(string method, string template, Func<RequestContext, Task> handler, string? permission = null) =>
        _routes.Add(new Route(RouteArea.Api, method, new RouteTemplate(template), permission, handler));

    private void Add(RouteArea area, string method, string template, Func<RequestContext, Task> handler) =>
        _routes.Add(new Route(area, method, new RouteTemplate(template), null, handler));
}
