namespace ParticipantData.Architect.DataActions;

/// <summary>The step of a data action's execution that failed.</summary>
public enum DataActionStep
{
    /// <summary>The definition itself (missing or malformed fields).</summary>
    Definition,

    /// <summary>The inputs against <c>contract.input.inputSchema</c>.</summary>
    Input,

    /// <summary>Rendering <c>requestUrlTemplate</c>, <c>headers</c> or <c>requestTemplate</c>.</summary>
    Request,

    /// <summary>Applying <c>translationMap</c> (and its defaults) to the response.</summary>
    Translation,

    /// <summary>Rendering <c>successTemplate</c>.</summary>
    SuccessTemplate,

    /// <summary>The resolved response against <c>contract.output.successSchema</c>.</summary>
    Output,
}

/// <summary>A data action that cannot run or whose response cannot be turned into its output; the message says which field and why.</summary>
public sealed class DataActionException : Exception
{
    /// <summary>A definition error without a message (the standard exception constructor).</summary>
    public DataActionException()
    {
    }

    /// <summary>A definition error described by <paramref name="message"/>.</summary>
    /// <param name="message">Which field and why.</param>
    public DataActionException(string message)
        : base(message)
    {
    }

    /// <summary>A definition error caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">Which field and why.</param>
    /// <param name="innerException">The cause.</param>
    public DataActionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A failure at <paramref name="step"/>.</summary>
    /// <param name="step">The step that failed.</param>
    /// <param name="message">Which field and why.</param>
    /// <param name="innerException">The cause, or null.</param>
    public DataActionException(DataActionStep step, string message, Exception? innerException = null)
        : base(message, innerException) => Step = step;

    /// <summary>The step that failed.</summary>
    public DataActionStep Step { get; }
}
