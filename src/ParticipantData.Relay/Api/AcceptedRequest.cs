using System.Security.Cryptography;
using System.Text;

namespace ParticipantData.Relay.Api;

/// <summary>A write or enrichment request that passed validation.</summary>
internal sealed record AcceptedRequest
{
    public required string ConversationId { get; init; }

    public string? ParticipantId { get; init; }

    public string? Purpose { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public string? Source { get; init; }

    public string? InputsJson { get; init; }

    public int? DeadlineSeconds { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>SHA-256 of the request's meaning (not its whitespace): a retry has the same hash.</summary>
    public string Hash()
    {
        var text = new StringBuilder();
        text.Append(ConversationId).Append('\n').Append(ParticipantId).Append('\n').Append(Purpose).Append('\n');
        foreach (var (key, value) in (Attributes ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append(key.Length).Append(':').Append(key).Append(value.Length).Append(':').Append(value);
        }

        text.Append('\n').Append(Source).Append('\n').Append(InputsJson).Append('\n').Append(DeadlineSeconds);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
