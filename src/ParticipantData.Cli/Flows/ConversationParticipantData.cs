using ParticipantData.Architect.Flows;
using ParticipantData.Client;

namespace ParticipantData.Cli.Flows;

/// <summary>A flow's participant data on a live (or emulated) conversation, through the client.</summary>
internal sealed class ConversationParticipantData(ParticipantDataClient client, ConversationId conversationId, ParticipantSelector participant) : IFlowParticipantData
{
    public async ValueTask<IReadOnlyDictionary<string, string>?> ReadAsync(string? conversation, CancellationToken cancellationToken)
    {
        if (!TryTarget(conversation, out var id))
        {
            return null;
        }

        return await client.GetParticipantAttributesAsync(id, participant, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> WriteAsync(string? conversation, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        if (!TryTarget(conversation, out var id))
        {
            return false;
        }

        await client.SetParticipantAttributesAsync(id, participant, attributes, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private bool TryTarget(string? conversation, out ConversationId id)
    {
        id = conversationId;
        return conversation is null || ConversationId.TryParse(conversation, out id);
    }
}
