namespace ParticipantData.Architect.Flows;

/// <summary>A flow, a data action catalog or a scenarios file that cannot be loaded; the message names the file, line and column and what to do.</summary>
public sealed class FlowLoadException : Exception
{
    /// <summary>A load error without a message (the standard exception constructor).</summary>
    public FlowLoadException()
    {
    }

    /// <summary>A flow or scenarios file that cannot be loaded.</summary>
    /// <param name="message">Where (file, line, column) and what is wrong.</param>
    public FlowLoadException(string message)
        : base(message)
    {
    }

    /// <summary>A flow or scenarios file that cannot be loaded, caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">Where (file, line, column) and what is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FlowLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
