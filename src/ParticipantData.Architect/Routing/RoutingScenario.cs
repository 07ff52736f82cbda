namespace ParticipantData.Architect.Routing;

/// <summary>
/// One scenario of a rules file (<c>scenarios:</c>): where the participant data comes from (inline attributes, an
/// attribute fixture file or a conversation), variables, and the expected outcome of some of the rules.
/// Run it with <see cref="RoutingCheck.RunScenario"/>;
/// the caller reads the fixture or the conversation.
/// </summary>
public sealed class RoutingScenario
{
    internal RoutingScenario(
        string name,
        int line,
        IReadOnlyDictionary<string, string>? attributes,
        string? attributesFile,
        string? conversation,
        string? participant,
        string? purpose,
        IReadOnlyList<FixedVariable> variables,
        IReadOnlyDictionary<string, Expectation> expectations)
    {
        Name = name;
        Line = line;
        Attributes = attributes;
        AttributesFile = attributesFile;
        Conversation = conversation;
        Participant = participant;
        Purpose = purpose;
        Variables = variables;
        Expectations = expectations;
    }

    /// <summary>The scenario's name, shown in the report and JUnit.</summary>
    public string Name { get; }

    /// <summary>The line of the scenario in the rules file.</summary>
    public int Line { get; }

    /// <summary>The participant's attributes written in the scenario (<c>attributes: {k: v}</c>); null when it names a file or a conversation.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; }

    /// <summary>An attribute fixture (<c>attributes: file.json</c>) as written: relative to the rules file, or <c>-</c> for standard input.</summary>
    public string? AttributesFile { get; }

    /// <summary>A conversation id (<c>conversation:</c>) whose participant's attributes the scenario reads.</summary>
    public string? Conversation { get; }

    /// <summary>With <see cref="Conversation"/>: the participant id (default: the customer).</summary>
    public string? Participant { get; }

    /// <summary>With <see cref="Conversation"/>: the participant's purpose.</summary>
    public string? Purpose { get; }

    /// <summary>True when the scenario names no participant data of its own (the caller's default applies).</summary>
    public bool UsesDefaultData => Attributes is null && AttributesFile is null && Conversation is null;

    /// <summary>The names of the rules whose outcome the scenario expects.</summary>
    public IReadOnlyCollection<string> ExpectedRules => (IReadOnlyCollection<string>)Expectations.Keys;

    internal IReadOnlyList<FixedVariable> Variables { get; }

    /// <summary>Rule name → expected outcome.</summary>
    internal IReadOnlyDictionary<string, Expectation> Expectations { get; }
}
