using ParticipantData.Client.Budget;

namespace ParticipantData.Client.Attributes.Admission;

/// <summary>
/// One participant's queue: at most one PATCH in flight and one budget ticket waiting; what arrives meanwhile
/// waits in <see cref="Pending"/> and goes out with the next slot.
/// </summary>
internal sealed class ParticipantLane
{
    public Lock Gate { get; } = new();

    public PendingWrites? Pending { get; set; }

    /// <summary>The budget ticket the lane waits on, if any (a first write joining raises it; an arrival reads its wait).</summary>
    public BudgetTicket? Ticket { get; set; }

    public bool Running { get; set; }

    public bool Retired { get; set; }
}
