using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Conversations;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// The guest side of web messaging for one host: sessions, and the step from a guest's message to the
/// platform's conversation (a <c>MessageConversation</c> whose customer participant holds the custom attributes).
/// </summary>
internal sealed class GuestHub(EmulatorServices services)
{
    public const string GuestName = "Web Messaging Guest";
    public const string GuestWriter = "web messaging guest";

    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<GuestConnection, byte> _open = new();

    public WebMessagingSettings Settings => services.Settings.WebMessaging;

    public GuestSessions Sessions { get; } = new(services.Settings.WebMessaging.MaxSessions);

    /// <summary>Cancelled when the host stops: open guest sockets end.</summary>
    public CancellationToken Stopping => _shutdown.Token;

    public void Shutdown() => _shutdown.Cancel();

    public void Attach(GuestConnection connection) => _open.TryAdd(connection, 0);

    public void Detach(GuestConnection connection) => _open.TryRemove(connection, out _);

    /// <summary>
    /// Sends an outbound message (an agent's or a bot's reply, as the admin API gives it) to every guest socket whose
    /// session is on the conversation. Returns how many sockets got it.
    /// </summary>
    public async Task<int> SendOutboundAsync(string conversationId, string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["type"] = "Text",
            ["text"] = text,
            ["direction"] = "Outbound",
            ["originatingEntity"] = "Human",
            ["channel"] = new JsonObject { ["time"] = IsoTime.Format(services.TimeProvider.GetUtcNow()), ["messageId"] = Guid.NewGuid().ToString("N") },
        };
        var frame = GuestFrames.Message(body, tracingId: null, conversationId);
        var targets = _open.Keys
            .Where(c => c.Protocol.Session is { } session && Sessions.Update(session, s => string.Equals(s.ConversationId, conversationId, StringComparison.Ordinal)))
            .ToList();
        var sent = await Task.WhenAll(targets.Select(c => c.SendAsync(frame, cancellationToken))).ConfigureAwait(false);
        return sent.Count(ok => ok);
    }

    /// <summary>A <c>startNew</c> replaced a session: the guest left its conversation, which ends.</summary>
    public void EndConversationOf(GuestSession replaced)
    {
        if (replaced.ConversationId is { } id)
        {
            services.Conversations.Disconnect(id);
        }
    }

    /// <summary>
    /// Delivers a guest's message: the session's conversation, or a new one when it has none or it ended, and
    /// the custom attributes merged into its customer participant. Returns the conversation id, and a problem when
    /// the attributes would pass a limit of <see cref="EmulatorLimits"/> (nothing of them is written then). A new
    /// conversation with an inbound message flow configured gets its run (<c>Flow</c>), which routes it when done.
    /// </summary>
    /// <exception cref="ConversationLimitException">The emulator holds as many live conversations as it may.</exception>
    public (string ConversationId, string? Problem, Task? Flow) Deliver(GuestSession session, IReadOnlyDictionary<string, string> customAttributes)
    {
        var target = Sessions.Update(session, s =>
        {
            s.Messages++;
            return (s.ConversationId, s.CustomerParticipantId);
        });

        var isNew = false;
        if (target.ConversationId is not { } conversationId
            || services.Conversations.Find(conversationId) is not { Ended: false })
        {
            // With a flow, the acd participant appears when the flow transfers to a queue.
            var created = services.CreateConversation(new NewConversation("message", Settings.Flow is null
                ? [new NewParticipant("customer", GuestName), new NewParticipant("acd", ConversationFactory.DefaultQueueName)]
                : [new NewParticipant("customer", GuestName)]));
            isNew = true;
            conversationId = created.Id;
            var customerId = created.Participants.First(p => p.Purpose == "customer").Id;
            Sessions.Update(session, s =>
            {
                s.ConversationId = conversationId;
                s.CustomerParticipantId = customerId;
                return 0;
            });
            target = (conversationId, customerId);
        }

        if (customAttributes.Count > 0 && Settings.CustomAttributesToParticipantData)
        {
            var prefixed = customAttributes.ToDictionary(pair => Settings.AttributeKeyPrefix + pair.Key, pair => pair.Value, StringComparer.Ordinal);
            var outcome = services.Conversations.WriteAttributes(new AttributeWrite(conversationId, target.CustomerParticipantId!, MediaKind.Message, prefixed,
                AllowEnded: false, Source: AttributeSource.Guest, Writer: GuestWriter));
            if (outcome.Status == AttributeWriteStatus.LimitExceeded)
            {
                return (conversationId, outcome.Problem, isNew ? RunFlow(conversationId, target.CustomerParticipantId!) : null);
            }
        }

        return (conversationId, null, isNew ? RunFlow(conversationId, target.CustomerParticipantId!) : null);
    }

    private Task? RunFlow(string conversationId, string customerId) =>
        Settings.Flow is { } flow ? RunFlowAsync(flow, conversationId, customerId) : null;

    /// <summary>Runs the inbound message flow on a new conversation, then routes it: an acd participant named after the queue, or the end.</summary>
    private async Task RunFlowAsync(IMessageFlow flow, string conversationId, string customerId)
    {
        MessageFlowOutcome outcome;
        try
        {
            var data = new MessageFlowParticipantData(services.Conversations, services.Counters, conversationId, customerId);
            outcome = await flow.RunAsync(new MessageFlowConversation(conversationId, data), Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
#pragma warning disable CA1031 // A user's flow that throws must not take the guest socket down: the conversation goes to the default queue.
        catch (Exception)
#pragma warning restore CA1031
        {
            services.Counters.InternalError();
            outcome = new MessageFlowOutcome(ConversationFactory.DefaultQueueName, Disconnect: false, "the flow failed");
        }

        if (outcome.Disconnect || outcome.Queue is null)
        {
            services.Conversations.Disconnect(conversationId);
            return;
        }

        var acd = ConversationFactory.BuildParticipant(MediaKind.Message, new NewParticipant("acd", outcome.Queue), services.TimeProvider.GetUtcNow());
        services.Conversations.Mutate(conversationId, ConversationChangeKind.ParticipantsChanged, c => c with { Participants = [.. c.Participants, acd] });
    }
}
