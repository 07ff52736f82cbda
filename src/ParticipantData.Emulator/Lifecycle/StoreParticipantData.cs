using ParticipantData.Architect.Flows;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Statistics;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>A lifecycle call's customer participant data, for a user's flow: writes go through the store (versioned, published, counted as flow writes).</summary>
internal sealed class StoreParticipantData(ConversationStore store, EmulatorCounters counters, string conversationId, string customerId) : IFlowParticipantData
{
    public ValueTask<IReadOnlyDictionary<string, string>?> ReadAsync(string? conversation, CancellationToken cancellationToken)
    {
        var participant = Customer(conversation ?? conversationId);
        return ValueTask.FromResult(participant?.Attributes);
    }

    public ValueTask<bool> WriteAsync(string? conversation, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        var id = conversation ?? conversationId;
        if (Customer(id) is not { } participant)
        {
            return ValueTask.FromResult(false);
        }

        var outcome = store.WriteAttributes(new AttributeWrite(id, participant.Id, null, new Dictionary<string, string>(attributes, StringComparer.Ordinal), AllowEnded: false));
        if (outcome.Status != AttributeWriteStatus.Written)
        {
            return ValueTask.FromResult(false);
        }

        counters.FlowWrite();
        counters.LifecycleEvent();
        return ValueTask.FromResult(true);
    }

    private ParticipantSnapshot? Customer(string id) =>
        id == conversationId
            ? store.Find(id)?.FindParticipant(customerId)
            : store.Find(id)?.Participants.FirstOrDefault(p => p.Purpose == "customer");
}
