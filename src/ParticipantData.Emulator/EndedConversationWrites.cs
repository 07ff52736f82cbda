namespace ParticipantData.Emulator;

/// <summary>How the emulator answers a participant-attribute PATCH on a conversation that has ended.</summary>
/// <remarks>The platform's behaviour is not documented; see docs/emulator.md.</remarks>
public enum EndedConversationWrites
{
    /// <summary><c>400 bad.request</c> "conversation has ended" (the default).</summary>
    Reject = 0,

    /// <summary><c>202</c>: the write is merged into the ended conversation's participant as on a live one.</summary>
    Accept = 1,

    /// <summary><c>404 not.found</c>, as if the conversation were no longer there.</summary>
    NotFound = 2,
}
