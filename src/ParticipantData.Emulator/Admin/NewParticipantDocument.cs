using System.Text.Json;

namespace ParticipantData.Emulator.Admin;

/// <summary>One participant of the admin API's create body; each field as written, checked by <see cref="NewConversationJson"/>.</summary>
internal sealed class NewParticipantDocument
{
    public JsonElement Purpose { get; set; }

    public JsonElement Name { get; set; }

    public JsonElement Address { get; set; }

    public JsonElement Id { get; set; }

    public JsonElement Attributes { get; set; }
}
