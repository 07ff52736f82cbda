using ParticipantData.Architect.Flows;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>An Archy flow run by the Architect simulator as the IVR flow of lifecycle calls (<c>pdata emulator --flow</c>).</summary>
public sealed class ArchitectIvrFlow(Flow flow, DataActionCatalog dataActions, IDataActionEndpoint? endpoint, TimeProvider? timeProvider = null) : IIvrFlow
{
    private readonly FlowSimulator _simulator = new(flow, dataActions, timeProvider);

    /// <summary>The flow it runs.</summary>
    public Flow Flow { get; } = flow;

    /// <inheritdoc/>
    public async Task<IvrFlowOutcome> RunAsync(IvrFlowCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var run = await _simulator.RunAsync(new FlowRunInput
        {
            ParticipantData = call.ParticipantData,
            DataActions = endpoint,
            Ani = call.Ani,
            Dnis = call.Dnis,
            ConversationId = call.ConversationId,
            DeferWriteBack = true,
        }, cancellationToken).ConfigureAwait(false);
        var writeBack = run.WriteBacks.ToDictionary(w => w.Attribute, w => w.FlowValue, StringComparer.Ordinal);
        var queue = run.Outcome.Kind is FlowOutcomeKind.Transferred or FlowOutcomeKind.Error ? run.Outcome.Queue : null;
        return new IvrFlowOutcome(queue, writeBack, run.Outcome.Description);
    }
}
