using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParticipantData.Architect.Routing;

namespace ParticipantData.Cli.Architect;

internal sealed record EvalView(string Expression, string? Canonical, string? Type, bool? IsSet, string? Value, string? Text);

internal sealed record CheckView(bool Succeeded, RoutingReport? Report)
{
    /// <summary>With several rules files: one report each (and no <see cref="Report"/>).</summary>
    public IReadOnlyList<RoutingReport>? Reports { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(EvalView))]
[JsonSerializable(typeof(CheckView))]
internal sealed partial class ArchitectJsonContext : JsonSerializerContext
{
    // Expressions are full of '+', '<', '"': keep them readable rather than \u-escaped (the output is not embedded in HTML).
    // Built on first use: the generated half of this class initialises its own statics, in an order we do not control.
    private static JsonSerializerOptions? _readable;

    private static JsonSerializerOptions Readable => _readable ??= new(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Readable.GetTypeInfo(typeof(T)));
}
