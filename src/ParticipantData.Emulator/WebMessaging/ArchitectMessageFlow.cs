using ParticipantData.Architect.Flows;
using ParticipantData.Architect;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>An Archy <c>inboundMessage</c> flow run by the Architect simulator on each web-messaging conversation a guest starts.</summary>
public sealed class ArchitectMessageFlow : IMessageFlow
{
    private readonly FlowSimulator _simulator;
    private readonly IDataActionEndpoint? _endpoint;

    /// <exception cref="ArgumentException">The flow is not an inbound message flow (a voice flow belongs in <see cref="LifecycleOptions.Flow"/>).</exception>
    public ArchitectMessageFlow(Flow flow, DataActionCatalog? dataActions = null, IDataActionEndpoint? endpoint = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (!IsMessageFlow(flow))
        {
            throw new ArgumentException(
                $"'{flow.Name}' is an {flow.FlowType} flow, and web-messaging conversations run an inboundMessage flow. " +
                (flow.IsVoice ? "A voice flow runs in the IVR of lifecycle calls (LifecycleOptions.Flow, pdata emulator --lifecycle --flow)." : "Give an Archy inboundMessage flow."),
                nameof(flow));
        }

        Flow = flow;
        _endpoint = endpoint;
        _simulator = new FlowSimulator(flow, dataActions, timeProvider);
    }

    public Flow Flow { get; }

    /// <summary>True for the flow type that web messaging runs (Archy <c>inboundMessage</c>).</summary>
    public static bool IsMessageFlow(Flow flow) => string.Equals(flow?.FlowType, "inboundMessage", StringComparison.Ordinal);

    public async Task<MessageFlowOutcome> RunAsync(MessageFlowConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var run = await _simulator.RunAsync(new FlowRunInput
        {
            ParticipantData = conversation.ParticipantData,
            DataActions = _endpoint,
            ConversationId = conversation.ConversationId,
            Variables = [new("Message.IsNewConversation", ArchitectValue.Boolean(true))],
        }, cancellationToken).ConfigureAwait(false);
        // A message flow that ends without a Transfer to ACD (Disconnect, its end, an error with no queue to go to) ends the conversation.
        return run.Outcome.Queue is { } queue && run.Outcome.Kind is FlowOutcomeKind.Transferred or FlowOutcomeKind.Error
            ? new MessageFlowOutcome(queue, Disconnect: false, run.Outcome.Description)
            : new MessageFlowOutcome(null, Disconnect: true, run.Outcome.Description);
    }
}
