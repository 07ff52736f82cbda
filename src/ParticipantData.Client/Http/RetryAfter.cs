using System.Net.Http.Headers;

namespace ParticipantData.Client.Http;

internal static class RetryAfter
{
    /// <summary>Reads <c>Retry-After</c> as delta-seconds or an HTTP date (relative to <paramref name="now"/>).</summary>
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
