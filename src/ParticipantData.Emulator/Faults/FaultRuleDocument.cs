using System.Text.Json;

namespace ParticipantData.Emulator.Faults;

/// <summary>One rule of the fault plan JSON; each field as written (absent: <see cref="JsonValueKind.Undefined"/>), checked by <see cref="FaultPlanReader"/>.</summary>
internal sealed record FaultRuleDocument(
    JsonElement Name, JsonElement Route, JsonElement Topic, JsonElement Probability, JsonElement Every,
    JsonElement Burst, JsonElement Requests, JsonElement Frames, JsonElement AfterMs, JsonElement Limit,
    JsonElement Action);
