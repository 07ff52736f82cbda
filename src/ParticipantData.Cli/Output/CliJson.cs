using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParticipantData.Client;

namespace ParticipantData.Cli.Output;

internal sealed record ConversationView(string Id, string MediaType, DateTimeOffset? StartTime, DateTimeOffset? EndTime, IReadOnlyList<ParticipantView> Participants)
{
    public static ConversationView From(Conversation c) => new(
        c.Id.Value,
        c.MediaType.ToString().ToLowerInvariant(),
        c.StartTime,
        c.EndTime,
        c.Participants.Select(ParticipantView.From).ToList());
}

internal sealed record ParticipantView(string Id, string? Purpose, string? Name, string? State, string? MessageType, IReadOnlyDictionary<string, string> Attributes)
{
    public static ParticipantView From(Participant p) => new(p.Id.Value, p.Purpose, p.Name, p.State, p.MessageType, p.Attributes);
}

/// <summary><c>pdata messenger send --json</c>: the conversation (null when the server does not name it) and what was sent.</summary>
internal sealed record MessengerView(string? ConversationId, string DeploymentId, string MessageId, IReadOnlyDictionary<string, string> CustomAttributes);

internal sealed record AttributesView(string ConversationId, string ParticipantId, string? Purpose, IReadOnlyDictionary<string, string> Attributes);

internal sealed record DemoStepView(string Conversation, string MediaType, string ParticipantId, string Key, string Written, string? ReadBack, bool Match, double WriteMs, double ReadMs)
{
    /// <summary>For the write under contention: the writer's outcome, the 409s it absorbed, and why it failed if it did.</summary>
    public string? Outcome { get; init; }

    public int? ConflictsAbsorbed { get; init; }

    public string? FailureReason { get; init; }
}

internal sealed record DemoView(bool Succeeded, IReadOnlyList<DemoStepView> Steps);

/// <summary>What every command writes to standard output under <c>--json</c> when it fails: <c>{"error": {...}}</c>.</summary>
internal sealed record ErrorEnvelope(ErrorView Error);

/// <summary>
/// The failed command, what failed, a code (the platform's, e.g. <c>not.found</c>, or pdata's: <c>usage</c>,
/// <c>configuration</c>, <c>unreachable</c>, <c>timeout</c>, <c>interrupted</c>), what to do, the exit code, and
/// the platform's status and contextId when it answered.
/// </summary>
internal sealed record ErrorView(string Command, string Message, string Code, string? Hint, int ExitCode, int? Status, string? ContextId, IReadOnlyList<string>? Details);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    Converters = [typeof(PlatformTimestampConverter)])]
[JsonSerializable(typeof(ConversationView))]
[JsonSerializable(typeof(AttributesView))]
[JsonSerializable(typeof(DemoView))]
[JsonSerializable(typeof(MessengerView))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(Emulator.EmulatorBanner))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    private static JsonSerializerOptions? _readable;

    /// <summary>Plain UTF-8: <c>Zoë</c>, <c>日本語</c> and <c>a=1&amp;b=2</c> as they are (the output is never embedded in HTML).</summary>
    public static JsonSerializerOptions Readable => _readable ??= new(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Readable.GetTypeInfo(typeof(T)));
}

/// <summary>Timestamps as the platform writes them: UTC, milliseconds, <c>Z</c> (<c>2026-12-01T09:30:00.123Z</c>).</summary>
internal sealed class PlatformTimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));
}
