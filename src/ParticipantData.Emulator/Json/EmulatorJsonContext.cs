using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ParticipantData.Emulator.Admin;
using ParticipantData.Emulator.Attributes;
using ParticipantData.Emulator.Auth;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Journal;

namespace ParticipantData.Emulator.Json;

/// <summary>
/// Every JSON shape the emulator writes. camelCase gives the platform's names (snake_case OAuth names are
/// set per property); nulls are left out as the platform does.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Notifications.ChannelDto))]
[JsonSerializable(typeof(Notifications.ChannelEntityListingDto))]
[JsonSerializable(typeof(Notifications.ChannelTopicEntityListingDto))]
[JsonSerializable(typeof(Notifications.ChannelAdminDto))]
[JsonSerializable(typeof(Notifications.ChannelAdminListingDto))]
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(ConversationDto))]
[JsonSerializable(typeof(MediaConversationDto<CallMediaParticipantDto>))]
[JsonSerializable(typeof(MediaConversationDto<MessageMediaParticipantDto>))]
[JsonSerializable(typeof(MediaConversationDto<EmailMediaParticipantDto>))]
[JsonSerializable(typeof(MediaConversationDto<CallbackMediaParticipantDto>))]
[JsonSerializable(typeof(ParticipantAttributesDto))]
[JsonSerializable(typeof(ConversationListing))]
[JsonSerializable(typeof(JournalListing))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(EmulatorStatistics))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(Dashboard.DashboardStateDto))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
