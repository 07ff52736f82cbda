using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ParticipantData.Architect;

/// <summary>The kinds of Architect value this evaluator models.</summary>
public enum ArchitectTypeKind
{
    /// <summary>The type of the bare <c>NOT_SET</c> literal before it meets a target; converts to any scalar type.</summary>
    NotSet,
    /// <summary>Text.</summary>
    String,
    /// <summary>A whole number within ±999999999999999.</summary>
    Integer,
    /// <summary>A decimal number.</summary>
    Decimal,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A point in time (UTC).</summary>
    DateTime,
    /// <summary>A length of time, in milliseconds.</summary>
    Duration,
    /// <summary>A JSON value.</summary>
    Json,
    /// <summary>A phone number (with its E.164 form when it has one).</summary>
    PhoneNumber,
    /// <summary>A collection of one scalar type (StringCollection, …).</summary>
    Collection,
}

/// <summary>
/// An Architect data type. Instances are canonical (one per type), so reference equality is type equality.
/// </summary>
public sealed class ArchitectType : IEquatable<ArchitectType>
{
    private static readonly ConcurrentDictionary<ArchitectType, ArchitectType> Collections = new();

    /// <summary>The type of the bare NOT_SET literal, before it meets a context that gives it a type.</summary>
    public static readonly ArchitectType NotSet = new(ArchitectTypeKind.NotSet, null, "NotSet", "emp");
    /// <summary>String.</summary>
    public static readonly ArchitectType String = new(ArchitectTypeKind.String, null, "String", "str");
    /// <summary>Integer.</summary>
    public static readonly ArchitectType Integer = new(ArchitectTypeKind.Integer, null, "Integer", "int");
    /// <summary>Decimal.</summary>
    public static readonly ArchitectType Decimal = new(ArchitectTypeKind.Decimal, null, "Decimal", "dec");
    /// <summary>Boolean.</summary>
    public static readonly ArchitectType Boolean = new(ArchitectTypeKind.Boolean, null, "Boolean", "bln");
    /// <summary>DateTime (UTC).</summary>
    public static readonly ArchitectType DateTime = new(ArchitectTypeKind.DateTime, null, "DateTime", "dtm");
    /// <summary>Duration.</summary>
    public static readonly ArchitectType Duration = new(ArchitectTypeKind.Duration, null, "Duration", "dur");
    /// <summary>JSON.</summary>
    public static readonly ArchitectType Json = new(ArchitectTypeKind.Json, null, "JSON", "jsn");
    /// <summary>PhoneNumber.</summary>
    public static readonly ArchitectType PhoneNumber = new(ArchitectTypeKind.PhoneNumber, null, "PhoneNumber", "phn");

    /// <summary>Stands for an expression that already failed to type-check, so one mistake gives one diagnostic.</summary>
    internal static readonly ArchitectType Error = new(ArchitectTypeKind.NotSet, null, "<error>", "err");

    private static readonly ArchitectType[] Scalars =
        [String, Integer, Decimal, Boolean, DateTime, Duration, Json, PhoneNumber];

    private ArchitectType(ArchitectTypeKind kind, ArchitectType? elementType, string name, string code)
    {
        Kind = kind;
        ElementType = elementType;
        Name = name;
        Code = code;
    }

    /// <summary>The kind of type (a collection's kind is <see cref="ArchitectTypeKind.Collection"/>).</summary>
    public ArchitectTypeKind Kind { get; }

    /// <summary>The item type of a collection type; null otherwise.</summary>
    public ArchitectType? ElementType { get; }

    /// <summary>The name used in messages and by <see cref="TryParse"/>: <c>String</c>, <c>StringCollection</c>, <c>JSON</c>.</summary>
    public string Name { get; }

    /// <summary>The type code Architect writes in its stored parse trees (<c>str</c>, <c>int</c>, <c>str_coll</c>, …).</summary>
    public string Code { get; }

    /// <summary>True for StringCollection, IntegerCollection, ….</summary>
    public bool IsCollection => Kind == ArchitectTypeKind.Collection;

    /// <summary>True for the numeric types Integer and Decimal.</summary>
    public bool IsNumeric => Kind is ArchitectTypeKind.Integer or ArchitectTypeKind.Decimal;

    internal bool IsError => ReferenceEquals(this, Error);

    /// <summary>"a String", "an Integer": for messages.</summary>
    internal string WithArticle => ("AEIOU".Contains(Name[0], StringComparison.Ordinal) ? "an " : "a ") + Name;

    /// <summary>True for a value type NOT_SET can stand for (every non-collection type).</summary>
    internal bool IsScalar => Kind != ArchitectTypeKind.Collection && !IsError;

    /// <summary>The collection type whose items are <paramref name="elementType"/> (collections of collections do not exist).</summary>
    public static ArchitectType CollectionOf(ArchitectType elementType)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        if (elementType.IsCollection || elementType.Kind == ArchitectTypeKind.NotSet)
        {
            throw new ArgumentException($"There is no collection of {elementType.Name}.", nameof(elementType));
        }

        return Collections.GetOrAdd(
            elementType,
            static e => new ArchitectType(ArchitectTypeKind.Collection, e, e.Name + "Collection", e.Code + "_coll"));
    }

    /// <summary>
    /// Reads a type name, case-insensitively: <c>String</c>, <c>Integer</c>/<c>Int</c>, <c>Decimal</c>, <c>Boolean</c>/<c>Bool</c>,
    /// <c>DateTime</c>, <c>Duration</c>, <c>JSON</c>, <c>PhoneNumber</c>, any of them followed by <c>Collection</c>,
    /// the Archy spellings (<c>stringVariable</c>, <c>integerCollectionVariable</c>) and the parse-tree codes (<c>str</c>, <c>int_coll</c>).
    /// </summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ArchitectType? type)
    {
        type = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var text = name.Trim();
        if (text.EndsWith("Variable", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^"Variable".Length];
        }

        var collection = false;
        if (text.EndsWith("_coll", StringComparison.OrdinalIgnoreCase))
        {
            collection = true;
            text = text[..^"_coll".Length];
        }
        else if (text.EndsWith("Collection", StringComparison.OrdinalIgnoreCase))
        {
            collection = true;
            text = text[..^"Collection".Length].TrimEnd(' ', '_');
        }

        ArchitectType? scalar = null;
        foreach (var candidate in Scalars)
        {
            if (string.Equals(candidate.Name, text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.Code, text, StringComparison.OrdinalIgnoreCase))
            {
                scalar = candidate;
                break;
            }
        }

        scalar ??= text.ToUpperInvariant() switch
        {
            "INT" => Integer,
            "BOOL" => Boolean,
            "PHONE" => PhoneNumber,
            _ => null,
        };
        if (scalar is null)
        {
            return false;
        }

        type = collection ? CollectionOf(scalar) : scalar;
        return true;
    }

    /// <summary>Types are unique instances, so equality is identity.</summary>
    /// <param name="other">Another type.</param>
    /// <returns>True for the same type.</returns>
    public bool Equals(ArchitectType? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    /// <summary>The type's Architect name (<see cref="Name"/>).</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
