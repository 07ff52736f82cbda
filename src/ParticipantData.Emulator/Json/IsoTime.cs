using System.Globalization;

namespace ParticipantData.Emulator.Json;

/// <summary>The platform's timestamp form: UTC, milliseconds, <c>Z</c> (e.g. <c>2026-11-21T09:00:00.000Z</c>).</summary>
internal static class IsoTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;
}
