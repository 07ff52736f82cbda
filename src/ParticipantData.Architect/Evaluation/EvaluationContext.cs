using System.Diagnostics.CodeAnalysis;

namespace ParticipantData.Architect;

/// <summary>
/// The variables an evaluation reads (case-insensitive names like <c>Flow.tier</c>) and the clock
/// <c>GetCurrentDateTimeUtc()</c> reads. A declared variable that holds no value here evaluates to NOT_SET.
/// Also serves as the variable declarations for type-checking: each value declares its own type.
/// </summary>
public sealed class EvaluationContext : IVariableTypes
{
    private readonly Dictionary<string, ArchitectValue> _values = new(StringComparer.OrdinalIgnoreCase);

    public EvaluationContext(TimeProvider? timeProvider = null) => TimeProvider = timeProvider ?? TimeProvider.System;

    public TimeProvider TimeProvider { get; }

    public IReadOnlyDictionary<string, ArchitectValue> Variables => _values;

    /// <summary>The value of a variable; setting it declares the variable with the value's type.</summary>
    public ArchitectValue this[string name]
    {
        get => _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No variable '{name}' in this context.");
        set => Set(name, value);
    }

    /// <summary>Sets a variable (declaring it with the value's type). Use <see cref="ArchitectValue.NotSet"/> for NOT_SET.</summary>
    public EvaluationContext Set(string name, ArchitectValue value)
    {
        if (value.Type.Kind == ArchitectTypeKind.NotSet)
        {
            throw new ArgumentException(
                $"Give NOT_SET a type for '{name}', e.g. ArchitectValue.NotSet(ArchitectType.String).", nameof(value));
        }

        _values[VariableName.Normalize(name)] = value;
        return this;
    }

    public bool TryGetValue(string name, out ArchitectValue value) => _values.TryGetValue(name, out value);

    public bool TryGetType(string name, [NotNullWhen(true)] out ArchitectType? type)
    {
        if (_values.TryGetValue(name, out var value))
        {
            type = value.Type;
            return true;
        }

        type = null;
        return false;
    }
}
