namespace ParticipantData.Architect;

/// <summary>A variable and its value, as given on a command line (<c>--var Flow.tier=gold</c>) or in a scenario.</summary>
/// <param name="Name">The variable, e.g. <c>Flow.tier</c>.</param>
/// <param name="Value">Its value (of the variable's declared type, or text the flow converts).</param>
public sealed record VariableAssignment(string Name, ArchitectValue Value);
