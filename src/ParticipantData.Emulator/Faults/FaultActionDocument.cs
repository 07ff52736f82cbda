using System.Text.Json;

namespace ParticipantData.Emulator.Faults;

/// <summary>A rule's action in the fault plan JSON: the fields of every action type; which ones a type takes is checked by <see cref="FaultPlanReader"/>.</summary>
internal sealed record FaultActionDocument(
    JsonElement Type, JsonElement Status, JsonElement RetryAfterSeconds, JsonElement Code, JsonElement Message,
    JsonElement Distribution, JsonElement Ms, JsonElement MinMs, JsonElement MaxMs, JsonElement MeanMs,
    JsonElement StdDevMs, JsonElement MedianMs, JsonElement Sigma, JsonElement DelayMs, JsonElement DurationMs);
