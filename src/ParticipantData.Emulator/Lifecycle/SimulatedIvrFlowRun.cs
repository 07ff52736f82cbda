using ParticipantData.Emulator.Conversations;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// The built-in simulated IVR flow: Get Participant Data copies the customer's values (all, or
/// <see cref="LifecycleOptions.FlowReadKeys"/>), the flow's Set Participant Data writes update the copy, and the
/// copy is written back when the IVR ends (architect.md A.9), whatever was written from outside meanwhile.
/// </summary>
internal sealed class SimulatedIvrFlowRun(LifecycleOptions options, ConversationStore store, string conversationId, string customerId) : IIvrFlowRun
{
    private Dictionary<string, string>? _copy;

    public bool IsWaiting => false;

    public bool Start()
    {
        if (store.Find(conversationId)?.FindParticipant(customerId) is not { } customer)
        {
            return false;
        }

        if (options.FlowReadKeys is not { } keys)
        {
            _copy = new Dictionary<string, string>(customer.Attributes, StringComparer.Ordinal);
            return true;
        }

        _copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (customer.Attributes.TryGetValue(key, out var value))
            {
                _copy[key] = value;
            }
            else if (options.WriteBackUnsetKeys)
            {
                _copy[key] = "";
            }
        }

        return true;
    }

    public void Wrote(string key, string value)
    {
        if (_copy is not null)
        {
            _copy[key] = value;
        }
    }

    public (string? Queue, Dictionary<string, string>? WriteBack) Finish() => (null, _copy);
}
