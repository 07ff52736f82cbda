namespace ParticipantData.Emulator.Hosting;

/// <summary>A frozen, validated copy of <see cref="EmulatorLimits"/>.</summary>
internal sealed record LimitSettings(
    int MaxRequestBodyBytes,
    int MaxAttributeKeyLength,
    int MaxAttributeValueLength,
    int MaxAttributesPerParticipant,
    int MaxAttributeBytesPerParticipant,
    int MaxConversations,
    int MaxParticipantsPerConversation,
    int JournalMaxBodyBytes,
    long JournalMaxBytes)
{
    public static LimitSettings Default { get; } = From(new EmulatorLimits());

    public static LimitSettings From(EmulatorLimits? limits)
    {
        limits ??= new EmulatorLimits();
        Positive(limits.MaxRequestBodyBytes, nameof(limits.MaxRequestBodyBytes));
        Positive(limits.MaxAttributeKeyLength, nameof(limits.MaxAttributeKeyLength));
        Positive(limits.MaxAttributeValueLength, nameof(limits.MaxAttributeValueLength));
        Positive(limits.MaxAttributesPerParticipant, nameof(limits.MaxAttributesPerParticipant));
        Positive(limits.MaxAttributeBytesPerParticipant, nameof(limits.MaxAttributeBytesPerParticipant));
        Positive(limits.MaxConversations, nameof(limits.MaxConversations));
        Positive(limits.MaxParticipantsPerConversation, nameof(limits.MaxParticipantsPerConversation));
        Positive(limits.JournalMaxBodyBytes, nameof(limits.JournalMaxBodyBytes));
        Positive(limits.JournalMaxBytes, nameof(limits.JournalMaxBytes));
        return new LimitSettings(limits.MaxRequestBodyBytes, limits.MaxAttributeKeyLength, limits.MaxAttributeValueLength,
            limits.MaxAttributesPerParticipant, limits.MaxAttributeBytesPerParticipant, limits.MaxConversations,
            limits.MaxParticipantsPerConversation, limits.JournalMaxBodyBytes, limits.JournalMaxBytes);
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException("EmulatorOptions.Limits." + name, value, $"EmulatorOptions.Limits.{name} must be greater than 0.");
        }
    }
}
