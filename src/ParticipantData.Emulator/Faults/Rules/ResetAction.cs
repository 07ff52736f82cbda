namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>Aborts the connection without an answer (<c>HttpContext.Abort()</c>).</summary>
internal sealed record ResetAction : FaultAction
{
    public override string Type => "reset";
}
