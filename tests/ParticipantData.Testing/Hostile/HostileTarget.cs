namespace ParticipantData.Testing.Hostile;

/// <summary>What the generator aims at: an emulator's origin, its client, a valid token, live ids.</summary>
public sealed record HostileTarget(
    Uri BaseUri,
    string ClientId,
    string ClientSecret,
    string Token,
    IReadOnlyList<(string ConversationId, string ParticipantId)> Participants,
    string ChannelId);
