using System.Text.Json;

namespace ParticipantData.Emulator.Faults;

/// <summary>One rule of the fault plan JSON; each field as written, checked by <see cref="FaultPlanReader"/>.</summary>
internal sealed class FaultRuleDocument
{
    public JsonElement Name { get; set; }

    public JsonElement Route { get; set; }

    public JsonElement Topic { get; set; }

    public JsonElement Probability { get; set; }

    public JsonElement Every { get; set; }

    public JsonElement Burst { get; set; }

    public JsonElement Requests { get; set; }

    public JsonElement Frames { get; set; }

    public JsonElement AfterMs { get; set; }

    public JsonElement Limit { get; set; }

    public JsonElement Action { get; set; }
}
