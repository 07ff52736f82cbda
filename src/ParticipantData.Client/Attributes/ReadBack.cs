using ParticipantData.Client.Attributes.Admission;
using ParticipantData.Client.Budget;

namespace ParticipantData.Client.Attributes;

/// <summary>A participant's attributes as the platform holds them, read at verification priority (below every write).</summary>
internal sealed class ReadBack(ParticipantDataClient client)
{
    public sealed record Reading(IReadOnlyDictionary<string, string>? Attributes, bool Ended, string? Failure);

    public async Task<Reading> ReadAsync(
        ConversationId conversation,
        ParticipantId participant,
        DateTimeOffset deadline,
        WriteTally? tally,
        CancellationToken cancellationToken)
    {
        var remaining = deadline - client.Time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return new(null, false, "the deadline passed");
        }

        var request = client.NewDeadline(remaining, RequestPriority.Verification);
        try
        {
            var read = await client.GetConversationAsync(conversation, request, cancellationToken).ConfigureAwait(false);
            var found = read.Participants.FirstOrDefault(p => p.Id == participant);
            return found is null
                ? new(null, false, $"participant {participant} is not in the conversation")
                : new(found.Attributes, !read.IsActive || found.EndTime is not null, null);
        }
        catch (ParticipantDataException e)
        {
            return new(null, false, e.Message);
        }
        finally
        {
            tally?.Add(request);
        }
    }

    /// <summary>The wanted values the platform does not hold.</summary>
    public static Dictionary<string, string> Differing(IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string> held) =>
        wanted.Where(v => !held.TryGetValue(v.Key, out var h) || h != v.Value).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}
