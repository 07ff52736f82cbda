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

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(ConversationView))]
[JsonSerializable(typeof(AttributesView))]
[JsonSerializable(typeof(DemoView))]
[JsonSerializable(typeof(MessengerView))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);
}
