using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ParticipantData.Emulator.Routing;

/// <summary>
/// Decides whether a request's path is exactly one the emulator can route. Kestrel hands the pipeline a path
/// it has already decoded and normalised (<c>/api/v2/../../emulator</c> becomes <c>/emulator</c>), so the
/// decision is made on the request target as sent: repeated slashes, dot segments (plain or percent-encoded),
/// encoded slashes or backslashes, NULs and other control characters make a path non-canonical, and such a
/// request gets the platform's answer for an unknown route before authentication, rate limit, faults or any
/// handler see it. Routing, permissions, the rate limit, the fault plan and the journal all see one path.
/// </summary>
internal static class CanonicalPath
{
    /// <summary>The longest path the journal and error messages repeat.</summary>
    public const int MaxShown = 2048;

    /// <summary>True when the path may be routed; <paramref name="sent"/> is the path as the client sent it (for answers and the journal).</summary>
    public static bool TryGet(HttpContext http, out string path, out string sent)
    {
        path = http.Request.Path.Value ?? "/";
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        sent = RawPath(raw) ?? path;
        return IsCanonical(sent) && string.Equals(Decode(sent), path, StringComparison.Ordinal);
    }

    /// <summary>The path to show for a non-canonical request: as sent, cut to <see cref="MaxShown"/> characters.</summary>
    public static string Shown(string sent) => sent.Length > MaxShown ? sent[..MaxShown] + "..." : sent;

    internal static bool IsCanonical(string rawPath)
    {
        if (rawPath.Length == 0 || rawPath[0] != '/')
        {
            return false;
        }

        if (rawPath.Length == 1)
        {
            return true;
        }

        var segments = rawPath[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            // An empty segment is a repeated slash; only the last one may be empty (a trailing slash, routed as sent).
            if (segment.Length == 0 && i < segments.Length - 1)
            {
                return false;
            }

            var decoded = segment.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(segment) : segment;
            if (decoded is "." or ".." || decoded.Any(c => c is '/' or '\\' || char.IsControl(c)))
            {
                return false;
            }
        }

        return true;
    }

    // origin-form "/a/b?q" or absolute-form "http://host/a/b?q"; null for what carries no path ("*").
    private static string? RawPath(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? target[..query] : target;
        if (path.StartsWith('/'))
        {
            return path;
        }

        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            return slash >= 0 ? path[slash..] : "/";
        }

        return path;
    }

    private static string Decode(string rawPath) =>
        rawPath.Contains('%', StringComparison.Ordinal)
            ? string.Join('/', rawPath.Split('/').Select(Uri.UnescapeDataString))
            : rawPath;
}
