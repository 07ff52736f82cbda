using System.Text.Json;

namespace ParticipantData.Architect.Types;

/// <summary>Ranges and equality shared by the operators and functions.</summary>
internal static class ValueRules
{
    // DOC [AS] types.d.ts: the Integer and Duration (ms) range. Durations are kept in whole milliseconds: the
    // platform's range (±999999999999999 ms) does not fit in TimeSpan ticks.
    public const long MinInteger = -999_999_999_999_999;
    public const long MaxInteger = 999_999_999_999_999;
    public const long MaxDurationMilliseconds = 999_999_999_999_999;

    // DOC [BUILTIN] System.MinDateTime.
    public static readonly DateTime MinDateTime = new(1800, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static bool InIntegerRange(long value) => value is >= MinInteger and <= MaxInteger;

    public static bool InIntegerRange(decimal value) => value is >= MinInteger and <= MaxInteger;

    public static bool InDurationRange(long milliseconds) => milliseconds is >= -MaxDurationMilliseconds and <= MaxDurationMilliseconds;

    /// <summary>
    /// Equality of two values of comparable types; NOT_SET equals only NOT_SET. Strings compare ordinally
    /// (case-sensitive): flows test <c>x == "AGENT" OR x == "Agent" OR x == "agent"</c>, which would be pointless otherwise.
    /// </summary>
    public static bool ValuesEqual(ArchitectValue a, ArchitectValue b)
    {
        if (!a.IsSet || !b.IsSet)
        {
            return a.IsSet == b.IsSet;
        }

        var ka = a.Type.Kind;
        var kb = b.Type.Kind;
        if (ka is ArchitectTypeKind.Integer && kb is ArchitectTypeKind.Integer)
        {
            return a.Bits == b.Bits;
        }

        if (a.Type.IsNumeric && b.Type.IsNumeric)
        {
            return a.AsDecimal() == b.AsDecimal();
        }

        if (ka != kb)
        {
            return false;
        }

        return ka switch
        {
            ArchitectTypeKind.String => string.Equals((string)a.Reference!, (string)b.Reference!, StringComparison.Ordinal),
            ArchitectTypeKind.Boolean or ArchitectTypeKind.DateTime or ArchitectTypeKind.Duration => a.Bits == b.Bits,
            ArchitectTypeKind.Json => JsonElement.DeepEquals(a.AsJson(), b.AsJson()),
            ArchitectTypeKind.PhoneNumber => a.Phone.SameNumber(b.Phone),
            ArchitectTypeKind.Collection => ReferenceEquals(a.Type, b.Type) && a.Items.AsSpan().SequenceEqual(b.Items),
            _ => false,
        };
    }
}
