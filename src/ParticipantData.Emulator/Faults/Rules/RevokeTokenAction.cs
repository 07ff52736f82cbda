namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Revokes every token of the caller's OAuth client: this request and the next ones get <c>401 bad.credentials</c>.</summary>
internal sealed record RevokeTokenAction : FaultAction
{
    public override string Type => "revokeToken";
}
