using System.Collections.Frozen;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Dashboard;

/// <summary>
/// The dashboard: its page and assets, embedded in this assembly (<c>/emulator/ui/</c>, and <c>/</c> redirects
/// there), and the one admin endpoint only it needs (<c>GET /emulator/v1/dashboard</c>: conversations with
/// attribute history, the statistics timeline). Everything else it reads and does through the admin API.
/// </summary>
internal static class DashboardEndpoints
{
    public const string UiPath = "/emulator/ui";
    public const string StatePath = "/emulator/v1/dashboard";
    private const int MaxConversations = 200;

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Assets = LoadAssets();

    public static Task RedirectToUiAsync(RequestContext context)
    {
        context.Http.Response.Headers.Location = UiPath + "/";
        return context.WriteEmptyAsync(302);
    }

    public static Task IndexAsync(RequestContext context) => WriteAssetAsync(context, "index.html");

    public static Task AssetAsync(RequestContext context) => WriteAssetAsync(context, context.Route("file"));

    public static Task StateAsync(RequestContext context)
    {
        var services = context.Services;
        var history = services.AttributeHistory;
        var version = history.Version;
        var conversations = services.Conversations.List();
        var shown = conversations.Skip(Math.Max(0, conversations.Count - MaxConversations)).Reverse().Select(c => ToDto(c, history)).ToList();
        return context.WriteJsonAsync(200, new DashboardStateDto(
            version,
            shown,
            services.Timeline.Samples(),
            services.Counters.Snapshot(),
            services.Settings.WebMessaging.DeploymentIds.ToList()));
    }

    private static DashboardConversationDto ToDto(ConversationSnapshot conversation, AttributeHistory history) => new(
        conversation.Id,
        conversation.Media.Name(),
        IsoTime.Format(conversation.StartTime),
        conversation.EndTime is { } end ? IsoTime.Format(end) : null,
        conversation.Ended,
        conversation.Participants.Select(p => new DashboardParticipantDto(
            p.Id,
            p.Purpose,
            p.Name,
            p.State,
            p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => new DashboardAttributeDto(a.Key, a.Value, history.Of(conversation.Id, p.Id, a.Key).ToList()))
                .ToList())).ToList());

    private static async Task WriteAssetAsync(RequestContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            await context.WriteErrorAsync(ApiError.NotFound($"The dashboard has no file [{name}]; open {UiPath}/.")).ConfigureAwait(false);
            return;
        }

        var response = context.Http.Response;
        response.StatusCode = 200;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        response.Headers.CacheControl = "no-cache";
        // Everything the page needs comes from this origin: no CDN, no inline script.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(asset.Bytes, context.Http.RequestAborted).ConfigureAwait(false);
    }

    private static FrozenDictionary<string, (byte[], string)> LoadAssets()
    {
        const string Prefix = "Dashboard/";
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            assets[name] = (buffer.ToArray(), ContentTypeOf(name));
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
