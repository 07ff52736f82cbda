using System.Runtime.CompilerServices;

namespace ParticipantData.Architect.Evaluation;

/// <summary>
/// One variable read in a compiled expression, with an inline cache: the slot of the context where the variable was
/// found last time. Contexts filled in the same order (every run of a flow, every row of a routing check) keep each
/// variable in the same slot, so the name lookup happens once. The slot is only a hint, checked against the name on
/// every read, so threads that evaluate the same expression at once may overwrite it freely.
/// </summary>
internal sealed class VariableSite(BoundVariable variable)
{
    public string Name => variable.Name;

    /// <summary>The slot where the variable was found last time; -1 before the first read.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>
    /// The context's own spelling of the name found there (equal to <see cref="Name"/> ignoring case), so that the check
    /// is a reference comparison when contexts are filled with the same name strings, as a flow's runs are.
    /// </summary>
    public string? Key { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ArchitectValue Read(EvaluationContext context) =>
        context.TryGetValue(this, out var value) ? variable.Accept(value) : variable.Absent();
}
