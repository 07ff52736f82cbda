using System.Text.Json;

namespace ParticipantData.Emulator.Faults;

/// <summary>The fault plan JSON's top level (docs/emulator.md, "Fault plan"); each field as written (absent: <see cref="JsonValueKind.Undefined"/>), checked by <see cref="FaultPlanReader"/>.</summary>
internal sealed record FaultPlanDocument(
    JsonElement Name, JsonElement Seed, JsonElement Rules);
