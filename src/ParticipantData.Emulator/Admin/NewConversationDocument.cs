using System.Text.Json;

namespace ParticipantData.Emulator.Admin;

/// <summary>The admin API's create body, <c>{"mediaType": ..., "participants": [...], "lifecycle": ..., "id": ...}</c>; each field as written (absent: <see cref="JsonValueKind.Undefined"/>), checked by <see cref="NewConversationJson"/>.</summary>
internal sealed record NewConversationDocument(
    JsonElement MediaType, JsonElement Participants, JsonElement Lifecycle, JsonElement Id);
