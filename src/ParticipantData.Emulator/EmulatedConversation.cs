namespace ParticipantData.Emulator;

/// <summary>A point-in-time copy of a conversation held by the emulator.</summary>
public sealed record EmulatedConversation(string Id, string MediaType, IReadOnlyList<EmulatedParticipant> Participants, bool Ended);

/// <summary>A point-in-time copy of a participant and its attributes.</summary>
public sealed record EmulatedParticipant(string Id, string Purpose, string? Name, IReadOnlyDictionary<string, string> Attributes);
