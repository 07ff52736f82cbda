namespace ParticipantData.Emulator.Attributes;

/// <summary><c>ParticipantAttributes</c>: the body of the attribute PATCHes and of the media forms' answer.</summary>
internal sealed record ParticipantAttributesDto(Dictionary<string, string> Attributes);
