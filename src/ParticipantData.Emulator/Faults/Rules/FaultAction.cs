namespace ParticipantData.Emulator.Faults.Rules;

/// <summary>What a rule does when it fires: answer the request itself, delay it, or act on a socket.</summary>
internal abstract record FaultAction
{
    /// <summary>The JSON <c>type</c>.</summary>
    public abstract string Type { get; }

    /// <summary>A terminating action answers the request itself; latency only delays it.</summary>
    public virtual bool Terminates => true;
}
