using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParticipantData.Architect.Flows;

namespace ParticipantData.Cli.Flows;

internal sealed record FlowRunView(FlowRunResult Run);

internal sealed record ScenarioView(string Name, bool Passed, IReadOnlyList<ExpectationFailure> Failures, FlowOutcome Outcome, IReadOnlyList<FlowStep> Steps);

internal sealed record FlowTestView(bool Succeeded, int Passed, int Failed, IReadOnlyList<ScenarioView> Scenarios);

internal sealed record DataActionStepView(int Step, string Name, bool Success, string? Result, string? Error);

internal sealed record DataActionTestView(string Action, bool Success, IReadOnlyList<DataActionStepView> Operations, string? FinalResult);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(FlowRunView))]
[JsonSerializable(typeof(FlowTestView))]
[JsonSerializable(typeof(DataActionTestView))]
internal sealed partial class FlowJsonContext : JsonSerializerContext
{
    private static JsonSerializerOptions? _readable;

    private static JsonSerializerOptions Readable => _readable ??= new(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Readable.GetTypeInfo(typeof(T)));
}
