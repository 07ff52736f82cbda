using System.Text.Json;

namespace ParticipantData.Emulator.Faults;

/// <summary>A rule's action in the fault plan JSON: the fields of every action type; which ones a type takes is checked by <see cref="FaultPlanReader"/>.</summary>
internal sealed class FaultActionDocument
{
    public JsonElement Type { get; set; }

    public JsonElement Status { get; set; }

    public JsonElement RetryAfterSeconds { get; set; }

    public JsonElement Code { get; set; }

    public JsonElement Message { get; set; }

    public JsonElement Distribution { get; set; }

    public JsonElement Ms { get; set; }

    public JsonElement MinMs { get; set; }

    public JsonElement MaxMs { get; set; }

    public JsonElement MeanMs { get; set; }

    public JsonElement StdDevMs { get; set; }

    public JsonElement MedianMs { get; set; }

    public JsonElement Sigma { get; set; }

    public JsonElement DelayMs { get; set; }

    public JsonElement DurationMs { get; set; }
}
