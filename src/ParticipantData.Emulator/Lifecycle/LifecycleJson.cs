using System.Text.Json;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Json;
using static ParticipantData.Emulator.Json.JsonFields;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// The admin create body's <c>"lifecycle"</c>: <c>true</c> (the host's lifecycle, or the defaults), <c>false</c>
/// (none), or an object (<see cref="LifecycleDocument"/>) whose fields override the host's lifecycle (or the
/// defaults) one by one. An unknown field is reported first, then the fields in the order of the schema.
/// </summary>
internal static class LifecycleJson
{
    private const double MaxSeconds = 86_400;

    private static readonly string[] Fields =
    [
        "ivrSeconds", "queueSeconds", "alertingSeconds", "connectedSeconds", "wrapUpSeconds", "dtmfIntervalSeconds",
        "flowWriteIntervalSeconds", "flowReadDelaySeconds", "holdIntervalSeconds", "holdSeconds",
        "enabled", "writeBack", "writeBackUnsetKeys", "jitter", "flowWriteKeys", "flowReadKeys",
    ];

    public static ApiError? TryRead(JsonElement element, LifecycleOptions? host, out LifecycleOptions? lifecycle)
    {
        var based = host ?? new LifecycleOptions();
        lifecycle = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                lifecycle = based with { Enabled = true };
                return null;
            case JsonValueKind.False:
                lifecycle = based with { Enabled = false };
                return null;
            case JsonValueKind.Object:
                break;
            default:
                return ApiError.InvalidValue($"Value [{element.GetRawText()}] is not valid for field type [lifecycle]: use true, false or an object such as {{\"ivrSeconds\": 5}}.");
        }

        try
        {
            lifecycle = Read(element, based with { Enabled = true });
            return null;
        }
        catch (JsonFieldException problem)
        {
            return problem.ToInvalidValue();
        }
    }

    private static LifecycleOptions Read(JsonElement element, LifecycleOptions options)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Problem("lifecycle." + property.Name, $"[lifecycle.{property.Name}] is not a lifecycle field; the fields are: {string.Join(", ", Fields)}.");
            }
        }

        var d = JsonFields.Read(element, DocumentJsonContext.Default.LifecycleDocument);
        return options with
        {
            IvrDuration = Seconds(d.IvrSeconds, "ivrSeconds", positive: true) ?? options.IvrDuration,
            QueueDuration = Seconds(d.QueueSeconds, "queueSeconds", positive: true) ?? options.QueueDuration,
            AlertingDuration = Seconds(d.AlertingSeconds, "alertingSeconds", positive: true) ?? options.AlertingDuration,
            ConnectedDuration = Seconds(d.ConnectedSeconds, "connectedSeconds", positive: true) ?? options.ConnectedDuration,
            WrapUpDuration = Seconds(d.WrapUpSeconds, "wrapUpSeconds", positive: true) ?? options.WrapUpDuration,
            DtmfInterval = Seconds(d.DtmfIntervalSeconds, "dtmfIntervalSeconds", positive: false) ?? options.DtmfInterval,
            FlowWriteInterval = Seconds(d.FlowWriteIntervalSeconds, "flowWriteIntervalSeconds", positive: false) ?? options.FlowWriteInterval,
            FlowReadDelay = Seconds(d.FlowReadDelaySeconds, "flowReadDelaySeconds", positive: false) ?? options.FlowReadDelay,
            HoldInterval = Seconds(d.HoldIntervalSeconds, "holdIntervalSeconds", positive: false) ?? options.HoldInterval,
            HoldDuration = Seconds(d.HoldSeconds, "holdSeconds", positive: true) ?? options.HoldDuration,
            Enabled = Flag(d.Enabled, "enabled") ?? options.Enabled,
            WriteBack = Flag(d.WriteBack, "writeBack") ?? options.WriteBack,
            WriteBackUnsetKeys = Flag(d.WriteBackUnsetKeys, "writeBackUnsetKeys") ?? options.WriteBackUnsetKeys,
            Jitter = Jitter(d.Jitter) ?? options.Jitter,
            FlowWriteKeys = Keys(d.FlowWriteKeys, "flowWriteKeys", nullable: false) ?? options.FlowWriteKeys,
            FlowReadKeys = d.FlowReadKeys.ValueKind == JsonValueKind.Null ? null : Keys(d.FlowReadKeys, "flowReadKeys", nullable: true) ?? options.FlowReadKeys,
        };
    }

    private static TimeSpan? Seconds(JsonElement value, string field, bool positive)
    {
        if (!IsPresent(value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds < 0 || (positive && seconds == 0) || seconds > MaxSeconds)
        {
            throw Invalid("lifecycle." + field, value, "must be a number of seconds, " + (positive ? "more than 0" : "0 (off) or more") + ", at most 86400");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static bool? Flag(JsonElement value, string field) =>
        IsPresent(value) ? Boolean(value, "lifecycle." + field) : null;

    private static double? Jitter(JsonElement value)
    {
        if (!IsPresent(value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var jitter) && jitter is >= 0 and < 1
            ? jitter
            : throw Invalid("lifecycle.jitter", value, "must be a number from 0 up to (not including) 1");
    }

    private static List<string>? Keys(JsonElement value, string field, bool nullable)
    {
        if (!IsPresent(value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(k.GetString())))
        {
            throw Invalid("lifecycle." + field, value, "must be an array of non-empty attribute names" +
                (nullable ? ", or null for every attribute the customer holds" : ""));
        }

        return [.. value.EnumerateArray().Select(k => k.GetString()!)];
    }
}
