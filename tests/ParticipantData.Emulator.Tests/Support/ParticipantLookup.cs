using System.Text.Json.Nodes;

namespace ParticipantData.Emulator.Tests.Support;

internal static class ParticipantLookup
{
    public static JsonObject Participant(this JsonObject conversation, string purpose) =>
        conversation["participants"]!.AsArray().Select(p => p!.AsObject()).First(p => p["purpose"].Str() == purpose);

    public static string ParticipantId(this JsonObject conversation, string purpose) => conversation.Participant(purpose)["id"].Str();

    public static string Id(this JsonObject conversation) => conversation["id"].Str();
}
