using ParticipantData.Emulator.Conversations;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>Casts a lifecycle call: who is on it from the start, and who joins as it reaches the queue and an agent.</summary>
internal static class LifecycleCallBuilder
{
    /// <summary>
    /// The first state of a lifecycle call: its customer-side participants and an ivr participant. acd and
    /// agent participants (given or default) are held back as templates until the call reaches them.
    /// Null when the request has no customer participant (then the call gets no lifecycle).
    /// </summary>
    public static (ConversationSnapshot Call, NewParticipant Acd, NewParticipant Agent)? Build(NewConversation request, DateTimeOffset now)
    {
        var requested = request.Participants ?? ConversationFactory.Defaults(MediaKind.Call);
        if (!requested.Any(p => p.Purpose.Trim() == "customer"))
        {
            return null;
        }

        static bool Later(string purpose) => purpose is "acd" or "agent" or "user";
        var acd = requested.FirstOrDefault(p => p.Purpose.Trim() == "acd") ?? new NewParticipant("acd", ConversationFactory.DefaultQueueName);
        var agent = requested.FirstOrDefault(p => p.Purpose.Trim() is "agent" or "user") ?? new NewParticipant("agent", "Emulated Agent");
        var initial = requested.Where(p => !Later(p.Purpose.Trim())).ToList();
        if (!initial.Any(p => p.Purpose.Trim() == "ivr"))
        {
            initial.Insert(initial.FindIndex(p => p.Purpose.Trim() == "customer") + 1, new NewParticipant("ivr", "Inbound Call Flow"));
        }

        var call = ConversationFactory.Build(request with { MediaType = "call", Participants = initial }, now);
        return (call, acd, agent);
    }
}
