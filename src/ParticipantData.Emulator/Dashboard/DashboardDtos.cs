namespace ParticipantData.Emulator.Dashboard;

/// <summary>One value an attribute took: when, by what (<c>api</c>, <c>flow</c>, <c>write-back</c>, <c>guest</c>, <c>created</c>) and by whom.</summary>
internal sealed record AttributeChangeDto(string Value, string Time, string Source, string? Writer);

internal sealed record DashboardAttributeDto(string Key, string Value, List<AttributeChangeDto> History);

internal sealed record DashboardParticipantDto(string Id, string Purpose, string? Name, string State, List<DashboardAttributeDto> Attributes);

internal sealed record DashboardConversationDto(string Id, string MediaType, string StartTime, string? EndTime, bool Ended, List<DashboardParticipantDto> Participants);

/// <summary>Counts in one interval of the timeline.</summary>
internal sealed record TimelineSampleDto(string Time, long Requests, long Conflicts, long Throttled, long ServerErrors, long WriteBacks);

/// <summary><c>GET /emulator/v1/dashboard</c>: what the page shows that no other admin endpoint gives.</summary>
internal sealed record DashboardStateDto(
    long Version,
    List<DashboardConversationDto> Conversations,
    List<TimelineSampleDto> Timeline,
    EmulatorStatistics Statistics,
    List<string> DeploymentIds);
