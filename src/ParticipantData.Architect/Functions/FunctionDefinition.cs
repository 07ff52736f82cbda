using ParticipantData.Architect.Evaluation;

namespace ParticipantData.Architect.Functions;

/// <summary>Runs one overload on evaluated arguments. <paramref name="call"/> gives positions for runtime errors.</summary>
internal delegate ArchitectValue FunctionBody(ReadOnlySpan<ArchitectValue> args, BoundCall call, EvaluationContext context);

/// <summary>
/// One overload: <see cref="Match"/> returns the result type for the given argument types, or null when they do not fit.
/// </summary>
internal sealed class Overload
{
    public required string Signature { get; init; }

    public required Func<IReadOnlyList<ArchitectType>, ArchitectType?> Match { get; init; }

    public required FunctionBody Body { get; init; }

    /// <summary>Which arguments may be NOT_SET ("NOT_SET Allowed" in Expression Help); others raise a runtime error first.</summary>
    public Func<int, bool> AllowsNotSet { get; init; } = static _ => false;
}

/// <summary>How sure we are of a function's existence and meaning (see docs/architect.md).</summary>
internal enum FunctionStatus
{
    /// <summary>Seen in Architect's own parse trees or Genesys docs; semantics as documented or derived.</summary>
    Confirmed,

    /// <summary>Not seen in any authoritative source: implemented with its evident meaning, listed as unverified.</summary>
    Unverified,

    /// <summary>Exists on the platform but needs an org, audio or a conversation: type-checks are refused offline.</summary>
    Unsupported,
}

internal sealed class FunctionDefinition
{
    public required string Name { get; init; }

    public required FunctionStatus Status { get; init; }

    public IReadOnlyList<Overload> Overloads { get; init; } = [];

    /// <summary>One line for docs and for "no overload fits" messages.</summary>
    public required string Summary { get; init; }

    public int MinArgs { get; init; }

    public int MaxArgs { get; init; } = int.MaxValue;
}
