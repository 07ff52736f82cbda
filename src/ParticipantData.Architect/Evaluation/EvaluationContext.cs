using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ParticipantData.Architect.Evaluation;

namespace ParticipantData.Architect;

/// <summary>
/// The variables an evaluation reads (case-insensitive names like <c>Flow.tier</c>) and the clock
/// <c>GetCurrentDateTimeUtc()</c> reads. A declared variable that holds no value here evaluates to NOT_SET.
/// Also serves as the variable declarations for type-checking: each value declares its own type.
/// </summary>
public sealed class EvaluationContext : IVariableTypes
{
    // Values live in slots, in the order their variables were first set, so that a compiled expression can remember
    // where it found a variable last time (VariableSite) and skip the name lookup in the next context built the same way.
    private readonly Dictionary<string, int> _slotByName = new(StringComparer.OrdinalIgnoreCase);
    private string[] _names = new string[8];
    private ArchitectValue[] _values = new ArchitectValue[8];
    private int _count;

    /// <summary>Creates an empty context.</summary>
    /// <param name="timeProvider">The clock <c>GetCurrentDateTimeUtc()</c> reads; null for the system clock.</param>
    public EvaluationContext(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        Variables = new VariableView(this);
    }

    /// <summary>The clock <c>GetCurrentDateTimeUtc()</c> reads.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The variables set so far, by case-insensitive name (a live view).</summary>
    public IReadOnlyDictionary<string, ArchitectValue> Variables { get; }

    /// <summary>The value of a variable; setting it declares the variable with the value's type.</summary>
    /// <param name="name">A variable name such as <c>Flow.tier</c> (case-insensitive).</param>
    /// <exception cref="KeyNotFoundException">Getting a variable that was never set.</exception>
    public ArchitectValue this[string name]
    {
        get => TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No variable '{name}' in this context.");
        set => Set(name, value);
    }

    /// <summary>Sets a variable (declaring it with the value's type). Use <see cref="ArchitectValue.NotSet"/> for NOT_SET.</summary>
    /// <param name="name">A variable name with its scope, such as <c>Flow.tier</c>; the scope is normalised.</param>
    /// <param name="value">The value; a NOT_SET value must carry its type.</param>
    /// <returns>This context, for chaining.</returns>
    /// <exception cref="ArgumentException">A malformed name, or the bare NOT_SET literal without a type.</exception>
    public EvaluationContext Set(string name, ArchitectValue value)
    {
        if (value.Type.Kind == ArchitectTypeKind.NotSet)
        {
            throw new ArgumentException(
                $"Give NOT_SET a type for '{name}', e.g. ArchitectValue.NotSet(ArchitectType.String).", nameof(value));
        }

        // A name already set is valid and keeps its first spelling (as a dictionary key would): no need to normalise again.
        if (_slotByName.TryGetValue(name, out var slot))
        {
            _values[slot] = value;
            return this;
        }

        var normalized = VariableName.Normalize(name);
        if (_slotByName.TryGetValue(normalized, out slot))
        {
            _values[slot] = value;
            return this;
        }

        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _slotByName.Add(normalized, _count);
        _names[_count] = normalized;
        _values[_count] = value;
        _count++;
        return this;
    }

    /// <summary>The value of a variable that has been set.</summary>
    /// <param name="name">A variable name (case-insensitive).</param>
    /// <param name="value">The value, or default when the variable was never set.</param>
    /// <returns>False when the variable was never set in this context.</returns>
    public bool TryGetValue(string name, out ArchitectValue value)
    {
        if (_slotByName.TryGetValue(name, out var slot))
        {
            value = _values[slot];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The type of a variable that has been set (the type of its value).</summary>
    /// <param name="name">A variable name (case-insensitive).</param>
    /// <param name="type">The type, or null when the variable was never set.</param>
    /// <returns>False when the variable was never set in this context.</returns>
    public bool TryGetType(string name, [NotNullWhen(true)] out ArchitectType? type)
    {
        type = TryGetValue(name, out var value) ? value.Type : null;
        return type is not null;
    }

    /// <summary>
    /// <see cref="TryGetValue(string, out ArchitectValue)"/> for a compiled expression: tries the slot where the site
    /// found its variable last time, and only on a miss looks the name up (and remembers the new slot).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryGetValue(VariableSite site, out ArchitectValue value)
    {
        var slot = site.Slot;
        if ((uint)slot < (uint)_count && ReferenceEquals(_names[slot], site.Key))
        {
            value = _values[slot];
            return true;
        }

        return TryFindValue(site, out value);
    }

    private bool TryFindValue(VariableSite site, out ArchitectValue value)
    {
        var slot = site.Slot;
        if ((uint)slot < (uint)_count && string.Equals(_names[slot], site.Name, StringComparison.OrdinalIgnoreCase))
        {
            site.Key = _names[slot];
            value = _values[slot];
            return true;
        }

        if (_slotByName.TryGetValue(site.Name, out slot))
        {
            site.Slot = slot;
            site.Key = _names[slot];
            value = _values[slot];
            return true;
        }

        value = default;
        return false;
    }

    private sealed class VariableView(EvaluationContext context) : IReadOnlyDictionary<string, ArchitectValue>
    {
        public ArchitectValue this[string key] => context[key];

        public IEnumerable<string> Keys => context._names.Take(context._count);

        public IEnumerable<ArchitectValue> Values => context._values.Take(context._count);

        public int Count => context._count;

        public bool ContainsKey(string key) => context._slotByName.ContainsKey(key);

        public bool TryGetValue(string key, out ArchitectValue value) => context.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, ArchitectValue>> GetEnumerator()
        {
            for (var i = 0; i < context._count; i++)
            {
                yield return new KeyValuePair<string, ArchitectValue>(context._names[i], context._values[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
