using System.Text.Json;

namespace ParticipantData.Emulator.Faults;

/// <summary>The fault plan JSON's top level (docs/emulator.md, "Fault plan"); each field as written, checked by <see cref="FaultPlanReader"/>.</summary>
internal sealed class FaultPlanDocument
{
    public JsonElement Name { get; set; }

    public JsonElement Seed { get; set; }

    public JsonElement Rules { get; set; }
}
