namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Answers with an error status (one of <c>Statuses</c>, picked per request from the seed).</summary>
internal sealed record StatusAction(IReadOnlyList<int> Statuses, int? RetryAfterSeconds, string? Code, string? Message) : FaultAction
{
    public override string Type => "status";
}
