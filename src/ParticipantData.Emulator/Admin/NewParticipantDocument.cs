using System.Text.Json;

namespace ParticipantData.Emulator.Admin;

/// <summary>One participant of the admin API's create body; each field as written (absent: <see cref="JsonValueKind.Undefined"/>), checked by <see cref="NewConversationJson"/>.</summary>
internal sealed record NewParticipantDocument(
    JsonElement Purpose, JsonElement Name, JsonElement Address, JsonElement Id, JsonElement Attributes);
