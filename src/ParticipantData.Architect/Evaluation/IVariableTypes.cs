using System.Diagnostics.CodeAnalysis;

namespace ParticipantData.Architect;

/// <summary>The declared type of each variable an expression may read (names like <c>Flow.tier</c>, case-insensitive).</summary>
public interface IVariableTypes
{
    /// <summary>The declared type of a variable.</summary>
    /// <param name="name">A variable name such as <c>Flow.tier</c> (case-insensitive).</param>
    /// <param name="type">Its type, or null when it is not declared.</param>
    /// <returns>False when the variable is not declared.</returns>
    bool TryGetType(string name, [NotNullWhen(true)] out ArchitectType? type);
}

/// <summary>A plain table of variable declarations.</summary>
public sealed class VariableTypes : IVariableTypes
{
    private readonly Dictionary<string, ArchitectType> _types = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Declares (or re-declares) a variable. Throws <see cref="ArgumentException"/> for a malformed name.</summary>
    public VariableTypes Declare(string name, ArchitectType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        _types[VariableName.Normalize(name)] = type;
        return this;
    }

    /// <inheritdoc/>
    public bool TryGetType(string name, [NotNullWhen(true)] out ArchitectType? type) => _types.TryGetValue(name, out type);
}
