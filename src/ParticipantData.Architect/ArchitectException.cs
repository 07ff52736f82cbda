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
    public ArchitectException(ArchitectErrorKind kind, IReadOnlyList<ArchitectDiagnostic> diagnostics)
        : base(Render(kind, diagnostics))
    {
        Kind = kind;
        Diagnostics = diagnostics;
    }

    public ArchitectException()
        : this(ArchitectErrorKind.Syntax, [])
    {
    }

    public ArchitectException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    public ArchitectException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    public ArchitectErrorKind Kind { get; }

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
    public ArchitectRuntimeException(ArchitectDiagnostic diagnostic)
        : base(ArchitectErrorKind.Runtime, [diagnostic])
    {
        Diagnostic = diagnostic;
    }

    public ArchitectDiagnostic Diagnostic { get; }
}
