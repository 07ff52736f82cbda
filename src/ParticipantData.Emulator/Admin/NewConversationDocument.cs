using System.Text.Json;

namespace ParticipantData.Emulator.Admin;

/// <summary>The admin API's create body, <c>{"mediaType": ..., "participants": [...], "lifecycle": ..., "id": ...}</c>; each field as written, checked by <see cref="NewConversationJson"/>.</summary>
internal sealed class NewConversationDocument
{
    public JsonElement MediaType { get; set; }

    public JsonElement Participants { get; set; }

    public JsonElement Lifecycle { get; set; }

    public JsonElement Id { get; set; }
}
