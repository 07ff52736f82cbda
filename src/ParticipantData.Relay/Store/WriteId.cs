using System.Diagnostics.CodeAnalysis;

namespace ParticipantData.Relay.Store;

/// <summary>The relay's id of an accepted write or enrichment: <c>w-</c> and a time-ordered UUID.</summary>
public readonly record struct WriteId
{
    private const string Prefix = "w-";

    private WriteId(string value) => Value = value;

    public string Value { get; }

    public static WriteId New(TimeProvider time) => new(Prefix + Guid.CreateVersion7(time.GetUtcNow()).ToString("D"));

    public static bool TryParse([NotNullWhen(true)] string? text, out WriteId id)
    {
        id = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || !Guid.TryParseExact(text[Prefix.Length..], "D", out _))
        {
            return false;
        }

        id = new WriteId(text);
        return true;
    }

    public override string ToString() => Value ?? string.Empty;
}
