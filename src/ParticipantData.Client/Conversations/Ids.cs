using System.Diagnostics.CodeAnalysis;

namespace ParticipantData.Client;

/// <summary>A Genesys Cloud conversation id (a UUID). Distinct from <see cref="ParticipantId"/> so the two cannot be swapped.</summary>
public readonly record struct ConversationId
{
    private ConversationId(string value) => Value = value;

    /// <summary>The id as the platform writes it (lower case).</summary>
    public string Value { get; }

    /// <summary>Parses a conversation id; throws <see cref="ArgumentException"/> with a readable message when it is not a UUID.</summary>
    public static ConversationId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new ArgumentException(IdText.Invalid("conversation", value), nameof(value));

    /// <summary>Parses a conversation id; false when <paramref name="value"/> is not a UUID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ConversationId id)
    {
        id = default;
        if (!IdText.IsUuid(value))
        {
            return false;
        }

        id = new ConversationId(value.Trim().ToLowerInvariant());
        return true;
    }

    /// <summary>The id (<see cref="Value"/>); empty for a default value.</summary>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A participant id within a conversation (a UUID).</summary>
public readonly record struct ParticipantId
{
    private ParticipantId(string value) => Value = value;

    /// <summary>The id as the platform writes it (lower case).</summary>
    public string Value { get; }

    /// <summary>Parses a participant id; throws <see cref="ArgumentException"/> with a readable message when it is not a UUID.</summary>
    public static ParticipantId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new ArgumentException(IdText.Invalid("participant", value), nameof(value));

    /// <summary>Parses a participant id; false when <paramref name="value"/> is not a UUID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ParticipantId id)
    {
        id = default;
        if (!IdText.IsUuid(value))
        {
            return false;
        }

        id = new ParticipantId(value.Trim().ToLowerInvariant());
        return true;
    }

    /// <summary>The id (<see cref="Value"/>); empty for a default value.</summary>
    public override string ToString() => Value ?? string.Empty;
}

internal static class IdText
{
    public static bool IsUuid([NotNullWhen(true)] string? value) =>
        value is not null && Guid.TryParseExact(value.Trim(), "D", out _);

    public static string Invalid(string kind, string? value) =>
        $"'{value}' is not a {kind} id: Genesys Cloud {kind} ids are UUIDs like 3fa85f64-5717-4562-b3fc-2c963f66afa6.";
}
