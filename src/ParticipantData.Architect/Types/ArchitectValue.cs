using System.Text.Json;
using ParticipantData.Architect.Types;

namespace ParticipantData.Architect;

/// <summary>
/// A typed Architect value, possibly NOT_SET. A small struct so that evaluating a compiled expression allocates
/// nothing for Integer, Boolean, DateTime and Duration results.
/// </summary>
public readonly struct ArchitectValue : IEquatable<ArchitectValue>
{
    private static readonly ArchitectValue TrueValue = new(ArchitectType.Boolean, null, 1);
    private static readonly ArchitectValue FalseValue = new(ArchitectType.Boolean, null, 0);

    private readonly ArchitectType? _type;
    private readonly object? _ref;   // string, boxed decimal, JsonElement, PhoneNumberValue, ArchitectValue[]
    private readonly long _bits;     // integer, boolean (0/1), DateTime ticks (UTC), Duration milliseconds
    private readonly bool _set;

    private ArchitectValue(ArchitectType type, object? reference, long bits, bool set = true)
    {
        _type = type;
        _ref = reference;
        _bits = bits;
        _set = set;
    }

    /// <summary>The value's type; for a NOT_SET value, the type it is NOT_SET as.</summary>
    public ArchitectType Type => _type ?? ArchitectType.NotSet;

    /// <summary>False for NOT_SET.</summary>
    public bool IsSet => _set;

    /// <summary>The bare NOT_SET literal (no type yet).</summary>
    public static ArchitectValue NotSetLiteral => default;

    /// <summary>The Boolean true.</summary>
    public static ArchitectValue True => TrueValue;

    /// <summary>The Boolean false.</summary>
    public static ArchitectValue False => FalseValue;

    /// <summary>NOT_SET of a given scalar type (a collection is never NOT_SET: it starts empty).</summary>
    public static ArchitectValue NotSet(ArchitectType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.IsCollection ? Collection(type.ElementType!, []) : new ArchitectValue(type, null, 0, set: false);
    }

    /// <summary>A String.</summary>
    /// <param name="value">The text (not null; use <see cref="NotSet"/> for NOT_SET).</param>
    /// <returns>The value.</returns>
    public static ArchitectValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ArchitectType.String, value, 0);
    }

    /// <summary>An Integer; throws <see cref="ArgumentOutOfRangeException"/> outside ±999999999999999.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static ArchitectValue Integer(long value)
    {
        if (value is < ValueRules.MinInteger or > ValueRules.MaxInteger)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Architect Integers lie within ±999999999999999.");
        }

        return new(ArchitectType.Integer, null, value);
    }

    /// <summary>A Decimal.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static ArchitectValue Decimal(decimal value) => new(ArchitectType.Decimal, value, 0);

    /// <summary><see cref="True"/> or <see cref="False"/>.</summary>
    /// <param name="value">The truth value.</param>
    /// <returns>The value.</returns>
    public static ArchitectValue Boolean(bool value) => value ? TrueValue : FalseValue;

    /// <summary>A DateTime; Architect handles DateTimes in UTC, so a local or unspecified time is read as UTC.</summary>
    public static ArchitectValue DateTime(DateTime value) =>
        new(ArchitectType.DateTime, null, System.DateTime.SpecifyKind(value, DateTimeKind.Utc).Ticks);

    /// <summary>A DateTime at the same instant, in UTC.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The value.</returns>
    public static ArchitectValue DateTime(DateTimeOffset value) => new(ArchitectType.DateTime, null, value.UtcTicks);

    /// <summary>A Duration; Architect durations have millisecond precision, so sub-millisecond ticks are dropped.</summary>
    public static ArchitectValue Duration(TimeSpan value) => new(ArchitectType.Duration, null, value.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>A JSON value (a copy of <paramref name="value"/>, independent of its document).</summary>
    /// <param name="value">The JSON.</param>
    /// <returns>The value.</returns>
    public static ArchitectValue Json(JsonElement value) => new(ArchitectType.Json, value.Clone(), 0);

    /// <summary>Parses JSON text into a JSON value; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static ArchitectValue Json(string jsonText)
    {
        using var document = JsonDocument.Parse(jsonText);
        return Json(document.RootElement);
    }

    /// <summary>A phone number, parsed the way <c>ToPhoneNumber</c> parses it.</summary>
    public static ArchitectValue PhoneNumber(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ArchitectType.PhoneNumber, PhoneNumberValue.Parse(value), 0);
    }

    /// <summary>A collection of set values of <paramref name="elementType"/>; throws <see cref="ArgumentException"/> for an item of another type or NOT_SET.</summary>
    /// <param name="elementType">The scalar type of the items.</param>
    /// <param name="items">The items.</param>
    /// <returns>The value.</returns>
    public static ArchitectValue Collection(ArchitectType elementType, IEnumerable<ArchitectValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var type = ArchitectType.CollectionOf(elementType);
        var array = items.ToArray();
        foreach (var item in array)
        {
            if (!ReferenceEquals(item.Type, elementType) || !item.IsSet)
            {
                throw new ArgumentException(
                    $"A {type.Name} holds only set {elementType.Name} values, not {item.ToDisplayString()} ({item.Type.Name}).",
                    nameof(items));
            }
        }

        return new(type, array, 0);
    }

    /// <summary>A StringCollection.</summary>
    /// <param name="items">The strings.</param>
    /// <returns>The collection value.</returns>
    public static ArchitectValue StringCollection(params IEnumerable<string> items) =>
        Collection(ArchitectType.String, items.Select(String));

    /// <summary>An IntegerCollection.</summary>
    /// <param name="items">The integers, each within ±999999999999999.</param>
    /// <returns>The collection value.</returns>
    public static ArchitectValue IntegerCollection(params IEnumerable<long> items) =>
        Collection(ArchitectType.Integer, items.Select(Integer));

    internal static ArchitectValue FromTrustedArray(ArchitectType collectionType, ArchitectValue[] items) =>
        new(collectionType, items, 0);

    internal static ArchitectValue IntegerUnchecked(long value) => new(ArchitectType.Integer, null, value);

    internal static ArchitectValue DateTimeTicks(long ticks) => new(ArchitectType.DateTime, null, ticks);

    internal static ArchitectValue DurationMilliseconds(long milliseconds) => new(ArchitectType.Duration, null, milliseconds);

    /// <summary>Gives this NOT_SET (or value) the type it meets, for the bare NOT_SET literal.</summary>
    internal ArchitectValue WithType(ArchitectType type) => new(type, _ref, _bits, _set);

    internal long Bits => _bits;

    internal object? Reference => _ref;

    /// <summary>The value as a String; throws <see cref="InvalidOperationException"/> when it is NOT_SET or of another type.</summary>
    public string AsString() => _ref as string ?? throw WrongType(ArchitectType.String);

    /// <summary>The value as an Integer; throws <see cref="InvalidOperationException"/> when it is NOT_SET or of another type.</summary>
    public long AsInteger() => Is(ArchitectTypeKind.Integer) ? _bits : throw WrongType(ArchitectType.Integer);

    /// <summary>The value as a decimal; Integers widen.</summary>
    public decimal AsDecimal() => _ref is decimal d ? d : Is(ArchitectTypeKind.Integer) ? _bits : throw WrongType(ArchitectType.Decimal);

    /// <summary>The value as a Boolean; throws <see cref="InvalidOperationException"/> when it is NOT_SET or of another type.</summary>
    public bool AsBoolean() => Is(ArchitectTypeKind.Boolean) ? _bits != 0 : throw WrongType(ArchitectType.Boolean);

    /// <summary>The value as a DateTime (UTC); throws <see cref="InvalidOperationException"/> when it is NOT_SET or of another type.</summary>
    public DateTime AsDateTime() =>
        Is(ArchitectTypeKind.DateTime) ? new DateTime(_bits, DateTimeKind.Utc) : throw WrongType(ArchitectType.DateTime);

    /// <summary>The Duration as a TimeSpan (which cannot hold Architect's extreme durations beyond ±10 million days).</summary>
    public TimeSpan AsDuration() => Is(ArchitectTypeKind.Duration) ? TimeSpan.FromMilliseconds(_bits) : throw WrongType(ArchitectType.Duration);

    /// <summary>The Duration in whole milliseconds, its exact form.</summary>
    public long AsDurationMilliseconds() => Is(ArchitectTypeKind.Duration) ? _bits : throw WrongType(ArchitectType.Duration);

    /// <summary>The value as a JSON value; throws <see cref="InvalidOperationException"/> when it is NOT_SET or of another type.</summary>
    public JsonElement AsJson() => _ref is JsonElement e ? e : throw WrongType(ArchitectType.Json);

    /// <summary>The E.164 form of a phone number, or null when the text had no recognisable international number.</summary>
    public string? AsPhoneNumberE164() =>
        _ref is PhoneNumberValue p ? p.E164 : throw WrongType(ArchitectType.PhoneNumber);

    /// <summary>The items of a collection; throws <see cref="InvalidOperationException"/> when the value is not a collection.</summary>
    public IReadOnlyList<ArchitectValue> AsCollection() =>
        _ref as ArchitectValue[] ?? throw new InvalidOperationException($"{Type.Name} is not a collection.");

    internal ArchitectValue[] Items => (ArchitectValue[])_ref!;

    internal PhoneNumberValue Phone => (PhoneNumberValue)_ref!;

    private bool Is(ArchitectTypeKind kind) => _set && Type.Kind == kind;

    private InvalidOperationException WrongType(ArchitectType wanted) =>
        new(_set ? $"The value is {Type.Name}, not {wanted.Name}." : $"The value is NOT_SET ({Type.Name}).");

    /// <summary>
    /// The value written the way an expression would write it: strings quoted and escaped, <c>NOT_SET</c> bare,
    /// DateTimes in ISO 8601 UTC, Durations in ISO 8601 (<c>PT30S</c>), collections as <c>[a, b]</c>.
    /// </summary>
    public string ToDisplayString() => ValueFormatting.Display(this);

    /// <summary>The text <c>ToString(value)</c> gives in an expression (NOT_SET gives <c>NOT_SET</c> here).</summary>
    public override string ToString() => _set ? ValueFormatting.ToArchitectString(this) : "NOT_SET";

    /// <summary>Same type and same value (NOT_SET equals NOT_SET of the same type).</summary>
    public bool Equals(ArchitectValue other) =>
        ReferenceEquals(Type, other.Type) && ValueRules.ValuesEqual(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ArchitectValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        !_set ? Type.GetHashCode()
        : _ref switch
        {
            null => HashCode.Combine(Type, _bits),
            string s => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode(s)),
            decimal d => HashCode.Combine(Type, d),
            PhoneNumberValue p => HashCode.Combine(Type, p.Raw),
            ArchitectValue[] items => HashCode.Combine(Type, items.Length),
            _ => Type.GetHashCode(),
        };

    /// <summary>Same type and same value, as <see cref="Equals(ArchitectValue)"/>.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ArchitectValue left, ArchitectValue right) => left.Equals(right);

    /// <summary>Not <see cref="op_Equality"/>.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(ArchitectValue left, ArchitectValue right) => !left.Equals(right);
}
