using System.Text.Json;
using ParticipantData.Emulator.Errors;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// The admin create body's <c>"lifecycle"</c>: <c>true</c> (the host's lifecycle, or the defaults), <c>false</c>
/// (none), or an object whose fields override the host's lifecycle (or the defaults) one by one.
/// </summary>
internal static class LifecycleJson
{
    private static readonly (string Name, Func<LifecycleOptions, TimeSpan, LifecycleOptions> Set, bool Positive)[] Durations =
    [
        ("ivrSeconds", (o, v) => o with { IvrDuration = v }, true),
        ("queueSeconds", (o, v) => o with { QueueDuration = v }, true),
        ("alertingSeconds", (o, v) => o with { AlertingDuration = v }, true),
        ("connectedSeconds", (o, v) => o with { ConnectedDuration = v }, true),
        ("wrapUpSeconds", (o, v) => o with { WrapUpDuration = v }, true),
        ("dtmfIntervalSeconds", (o, v) => o with { DtmfInterval = v }, false),
        ("flowWriteIntervalSeconds", (o, v) => o with { FlowWriteInterval = v }, false),
        ("flowReadDelaySeconds", (o, v) => o with { FlowReadDelay = v }, false),
        ("holdIntervalSeconds", (o, v) => o with { HoldInterval = v }, false),
        ("holdSeconds", (o, v) => o with { HoldDuration = v }, true),
    ];

    private static readonly string[] Flags = ["enabled", "writeBack", "writeBackUnsetKeys"];

    private static readonly string[] Fields =
        [.. Durations.Select(d => d.Name), .. Flags, "jitter", "flowWriteKeys", "flowReadKeys"];

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

        var options = based with { Enabled = true };
        foreach (var property in element.EnumerateObject())
        {
            var at = "lifecycle." + property.Name;
            var value = property.Value;
            if (Array.FindIndex(Durations, d => d.Name == property.Name) is var index and >= 0)
            {
                var (_, set, positive) = Durations[index];
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds < 0 || (positive && seconds == 0) || seconds > 86_400)
                {
                    return ApiError.InvalidValue($"Value [{value.GetRawText()}] is not valid for field type [{at}]: it must be a number of seconds, " +
                        (positive ? "more than 0" : "0 (off) or more") + ", at most 86400.");
                }

                options = set(options, TimeSpan.FromSeconds(seconds));
            }
            else if (Flags.Contains(property.Name))
            {
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return ApiError.InvalidValue($"Value [{value.GetRawText()}] is not valid for field type [{at}]: it must be true or false.");
                }

                var flag = value.GetBoolean();
                options = property.Name switch
                {
                    "enabled" => options with { Enabled = flag },
                    "writeBack" => options with { WriteBack = flag },
                    _ => options with { WriteBackUnsetKeys = flag },
                };
            }
            else if (property.Name == "jitter")
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var jitter) || jitter is < 0 or >= 1)
                {
                    return ApiError.InvalidValue($"Value [{value.GetRawText()}] is not valid for field type [{at}]: it must be a number from 0 up to (not including) 1.");
                }

                options = options with { Jitter = jitter };
            }
            else if (property.Name is "flowWriteKeys" or "flowReadKeys")
            {
                if (property.Name == "flowReadKeys" && value.ValueKind == JsonValueKind.Null)
                {
                    options = options with { FlowReadKeys = null };
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Array
                    || value.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(k.GetString())))
                {
                    return ApiError.InvalidValue($"Value [{value.GetRawText()}] is not valid for field type [{at}]: it must be an array of non-empty attribute names" +
                        (property.Name == "flowReadKeys" ? ", or null for every attribute the customer holds." : "."));
                }

                List<string> keys = [.. value.EnumerateArray().Select(k => k.GetString()!)];
                options = property.Name == "flowWriteKeys" ? options with { FlowWriteKeys = keys } : options with { FlowReadKeys = keys };
            }
            else
            {
                return ApiError.InvalidValue($"[{at}] is not a lifecycle field; the fields are: {string.Join(", ", Fields)}.");
            }
        }

        lifecycle = options;
        return null;
    }
}
