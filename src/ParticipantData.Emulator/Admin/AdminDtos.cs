using ParticipantData.Emulator.Conversations;

namespace ParticipantData.Emulator.Admin;

/// <summary><c>GET /emulator/v1/conversations</c>: every conversation in the generic form, oldest first.</summary>
internal sealed record ConversationListing(List<ConversationDto> Entities);

/// <summary><c>GET /emulator/v1/health</c>.</summary>
internal sealed record HealthDto(string Status, int Conversations);
