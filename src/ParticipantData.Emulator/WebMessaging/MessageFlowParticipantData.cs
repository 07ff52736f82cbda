using ParticipantData.Architect.Flows;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// The customer participant data of a guest's conversation, for its inbound message flow: reads what the store holds
/// (the guest's custom attributes), writes go through the store (versioned, published, counted as flow writes).
/// </summary>
internal sealed class MessageFlowParticipantData(ConversationStore store, EmulatorCounters counters, string conversationId, string customerId) : IFlowParticipantData
{
    public const string Writer = "Inbound Message Flow";

    public ValueTask<IReadOnlyDictionary<string, string>?> ReadAsync(string? conversation, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Customer(conversation ?? conversationId)?.Attributes);

    public ValueTask<bool> WriteAsync(string? conversation, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        var id = conversation ?? conversationId;
        if (Customer(id) is not { } participant)
        {
            return ValueTask.FromResult(false);
        }

        var outcome = store.WriteAttributes(new AttributeWrite(id, participant.Id, null, new Dictionary<string, string>(attributes, StringComparer.Ordinal),
            AllowEnded: false, Source: AttributeSource.Flow, Writer: Writer));
        if (outcome.Status != AttributeWriteStatus.Written)
        {
            return ValueTask.FromResult(false);
        }

        counters.FlowWrite();
        return ValueTask.FromResult(true);
    }

    private ParticipantSnapshot? Customer(string id) =>
        id == conversationId
            ? store.Find(id)?.FindParticipant(customerId)
            : store.Find(id)?.Participants.FirstOrDefault(p => p.Purpose == "customer");
}
