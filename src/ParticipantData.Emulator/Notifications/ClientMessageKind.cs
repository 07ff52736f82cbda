namespace ParticipantData.Emulator.Notifications;

/// <summary>The kinds of message <see cref="ClientMessage.Classify"/> tells apart.</summary>
internal enum ClientMessageKind
{
    Other,
    Ping,
    NotUnicode,
}
