using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParticipantData.Cli.Watch;

/// <summary>One attribute change as <c>pdata watch --json</c> writes it: one compact object per line.</summary>
internal sealed record WatchEventView(
    string EventTime,
    string ConversationId,
    string ParticipantId,
    string? Purpose,
    string? Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string>? Previous);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(WatchEventView))]
internal sealed partial class WatchJsonContext : JsonSerializerContext
{
    private static JsonSerializerOptions? _readable;

    // Plain UTF-8, as the other commands' JSON.
    private static JsonSerializerOptions Readable => _readable ??= new(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Line(WatchEventView view) => JsonSerializer.Serialize(view, Readable.GetTypeInfo(typeof(WatchEventView)));
}
