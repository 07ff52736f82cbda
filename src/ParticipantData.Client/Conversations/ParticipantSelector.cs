namespace ParticipantData.Client;

/// <summary>
/// Which participant of a conversation to address: by id, or by purpose (the first participant with
/// that purpose that is still connected, else the first with that purpose). The default is the customer.
/// </summary>
public sealed record ParticipantSelector
{
    private ParticipantSelector(ParticipantId? id, string? purpose)
    {
        Id = id;
        Purpose = purpose;
    }

    /// <summary>The customer participant: where flows and integrations usually keep participant data.</summary>
    public static ParticipantSelector Customer { get; } = new(null, "customer");

    /// <summary>The participant's id, when it is chosen by id.</summary>
    public ParticipantId? Id { get; }

    /// <summary>The purpose (lower case, e.g. <c>customer</c>, <c>agent</c>, <c>acd</c>, <c>ivr</c>), when it is chosen by purpose.</summary>
    public string? Purpose { get; }

    /// <summary>The participant with this id.</summary>
    public static ParticipantSelector ById(ParticipantId id) => new(id, null);

    /// <summary>The first still-connected participant with this purpose, else the first with it.</summary>
    /// <exception cref="ArgumentException">The purpose is empty.</exception>
    public static ParticipantSelector ByPurpose(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        return new(null, purpose.Trim().ToLowerInvariant());
    }

    /// <summary>Finds the participant this selector names, or null.</summary>
    public Participant? Select(Conversation conversation)
    {
        if (Id is { } id)
        {
            return conversation.Participants.FirstOrDefault(p => p.Id == id);
        }

        var candidates = conversation.Participants
            .Where(p => string.Equals(p.Purpose, Purpose, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return candidates.FirstOrDefault(p => p.EndTime is null) ?? candidates.FirstOrDefault();
    }

    /// <summary>"participant {id}" or "the {purpose} participant", for messages.</summary>
    public override string ToString() => Id is { } id ? $"participant {id}" : $"the {Purpose} participant";
}
