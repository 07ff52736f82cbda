using System.Globalization;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>
/// The simulated flows' Set Participant Data (in the IVR and in queue): one of <see cref="LifecycleOptions.FlowWriteKeys"/>
/// in turn, with the value <c>flow-N</c>, N counting the call's flow writes from 1.
/// </summary>
internal sealed class SimulatedFlowWrites(IReadOnlyList<string> keys)
{
    private int _count;

    public (string Key, string Value) Next()
    {
        _count++;
        return (keys[(_count - 1) % keys.Count], "flow-" + _count.ToString(CultureInfo.InvariantCulture));
    }
}
