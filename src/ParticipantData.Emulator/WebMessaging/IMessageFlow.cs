using ParticipantData.Architect.Flows;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>The web-messaging conversation an <see cref="IMessageFlow"/> runs on: its id, and the customer's participant data in the store.</summary>
public sealed record MessageFlowConversation(string ConversationId, IFlowParticipantData ParticipantData);

/// <summary>What the flow decided: the queue its Transfer to ACD named (null: none), or that it disconnected the conversation.</summary>
public sealed record MessageFlowOutcome(string? Queue, bool Disconnect, string Description);

/// <summary>
/// The inbound message flow of web-messaging conversations that the guest API creates (<see cref="WebMessagingOptions.Flow"/>,
/// <c>pdata emulator --flow</c> with an <c>inboundMessage</c> flow). Its Get Participant Data reads the guest's custom
/// attributes, its Set Participant Data writes go through <see cref="MessageFlowConversation.ParticipantData"/> (the store).
/// </summary>
public interface IMessageFlow
{
    Task<MessageFlowOutcome> RunAsync(MessageFlowConversation conversation, CancellationToken cancellationToken);
}
