namespace ParticipantData.Architect.Flows;

/// <summary>A flow, a data action catalog or a scenarios file that cannot be loaded; the message names the file, line and column and what to do.</summary>
public sealed class FlowLoadException : Exception
{
    public FlowLoadException()
    {
    }

    public FlowLoadException(string message)
        : base(message)
    {
    }

    public FlowLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
