namespace ParticipantData.Architect;

/// <summary>What kind of problem an <see cref="ArchitectException"/> reports.</summary>
public enum ArchitectErrorKind
{
    /// <summary>The text is not a well-formed expression.</summary>
    Syntax,

    /// <summary>The expression is well formed but its types do not fit (unknown variable or function, wrong argument types).</summary>
    Type,

    /// <summary>Evaluation failed, as it would at runtime on the platform, where the flow's error handling takes over.</summary>
    Runtime,
}

/// <summary>An expression failed to parse, type-check or evaluate. <see cref="Exception.Message"/> renders every diagnostic with its caret.</summary>
public class ArchitectException : Exception
{
    /// <summary>An exception reporting <paramref name="diagnostics"/>, each rendered into the message with its caret.</summary>
    /// <param name="kind">Syntax, type or runtime.</param>
    /// <param name="diagnostics">Every problem found.</param>
    public ArchitectException(ArchitectErrorKind kind, IReadOnlyList<ArchitectDiagnostic> diagnostics)
        : base(Render(kind, diagnostics))
    {
        Kind = kind;
        Diagnostics = diagnostics;
    }

    /// <summary>A syntax error without diagnostics (the standard exception constructor).</summary>
    public ArchitectException()
        : this(ArchitectErrorKind.Syntax, [])
    {
    }

    /// <summary>An error described by <paramref name="message"/> alone, without diagnostics.</summary>
    /// <param name="message">The message.</param>
    public ArchitectException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>An error described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ArchitectException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>Syntax, type or runtime.</summary>
    public ArchitectErrorKind Kind { get; }

    /// <summary>Every problem found, in source order; empty for the message-only constructors.</summary>
    public IReadOnlyList<ArchitectDiagnostic> Diagnostics { get; }

    private static string Render(ArchitectErrorKind kind, IReadOnlyList<ArchitectDiagnostic> diagnostics)
    {
        var label = kind switch
        {
            ArchitectErrorKind.Syntax => "syntax error",
            ArchitectErrorKind.Type => "type error",
            _ => "runtime error",
        };
        return diagnostics.Count == 0
            ? label
            : string.Join("\n", diagnostics.Select(d => label + " at " + d));
    }
}

/// <summary>
/// Evaluation failed (an operator met NOT_SET, an index was out of range, a conversion failed, …). On the platform
/// this is where the flow's error handling takes over.
/// </summary>
public sealed class ArchitectRuntimeException : ArchitectException
{
    /// <summary>A runtime error at <paramref name="diagnostic"/>.</summary>
    /// <param name="diagnostic">Where evaluation failed and why.</param>
    public ArchitectRuntimeException(ArchitectDiagnostic diagnostic)
        : base(ArchitectErrorKind.Runtime, [diagnostic])
    {
        Diagnostic = diagnostic;
    }

    /// <summary>Where evaluation failed and why (also the single entry of <see cref="ArchitectException.Diagnostics"/>).</summary>
    public ArchitectDiagnostic Diagnostic { get; }
}
