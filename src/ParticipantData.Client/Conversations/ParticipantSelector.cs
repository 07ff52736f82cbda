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

    public ParticipantId? Id { get; }

    public string? Purpose { get; }

    public static ParticipantSelector ById(ParticipantId id) => new(id, null);

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

    public override string ToString() => Id is { } id ? $"participant {id}" : $"the {Purpose} participant";
}
