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
    public static string Line(WatchEventView view) => JsonSerializer.Serialize(view, Default.WatchEventView);
}
