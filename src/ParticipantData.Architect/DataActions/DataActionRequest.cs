namespace ParticipantData.Architect.DataActions;

/// <summary>The HTTP request a data action makes for given inputs: templates rendered, nothing sent yet.</summary>
public sealed record DataActionRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, string? Body);
