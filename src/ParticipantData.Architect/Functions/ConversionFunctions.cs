using System.Globalization;
using ParticipantData.Architect.Types;
using static ParticipantData.Architect.Functions.TypeMatch;
using T = ParticipantData.Architect.ArchitectType;
using V = ParticipantData.Architect.ArchitectValue;

namespace ParticipantData.Architect.Functions;

internal static class ConversionFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        yield return new FunctionDefinition
        {
            Name = "ToString",
            Status = FunctionStatus.Confirmed,
            Summary = "ToString(T) → String: NOT_SET stays NOT_SET (so ToString(NOT_SET) == \"\" is false)",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToString(T) → String",
                    Match = args => args.Count == 1 ? T.String : null,
                    Body = static (args, _, _) => args[0].IsSet ? V.String(ValueFormatting.ToArchitectString(args[0])) : V.NotSet(T.String),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "ToDisplayString",
            Status = FunctionStatus.Confirmed,
            Summary = "ToDisplayString(T) → String: like ToString, but NOT_SET gives \"\" (semantics unverified)",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToDisplayString(T) → String",
                    Match = args => args.Count == 1 ? T.String : null,
                    Body = static (args, _, _) => V.String(ValueFormatting.ToArchitectString(args[0])),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "ToInt",
            Status = FunctionStatus.Confirmed,
            Summary = "ToInt(String | Integer | Decimal) → Integer: text must be a whole number; a Decimal is truncated toward zero; NOT_SET stays NOT_SET",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToInt(String) → Integer",
                    Match = Exact(T.Integer, T.String),
                    Body = static (args, call, _) =>
                    {
                        if (!args[0].IsSet)
                        {
                            return V.NotSet(T.Integer);
                        }

                        var text = (string)args[0].Reference!;
                        if (TryParseDigits(text, out var n) || (long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out n)
                            && ValueRules.InIntegerRange(n)))
                        {
                            return V.IntegerUnchecked(n);
                        }

                        throw call.Fail(0, $"ToInt cannot convert {ValueFormatting.QuoteString(text)} to an Integer (expected a whole number within ±999999999999999)");
                    },
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "ToInt(Integer) → Integer",
                    Match = Exact(T.Integer, T.Integer),
                    Body = static (args, _, _) => args[0].IsSet ? args[0] : V.NotSet(T.Integer),
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "ToInt(Decimal) → Integer",
                    Match = Exact(T.Integer, T.Decimal),
                    Body = static (args, call, _) =>
                    {
                        if (!args[0].IsSet)
                        {
                            return V.NotSet(T.Integer);
                        }

                        var truncated = decimal.Truncate(args[0].AsDecimal());
                        return ValueRules.InIntegerRange(truncated)
                            ? V.IntegerUnchecked((long)truncated)
                            : throw call.Fail(0, "ToInt: the value is outside Architect's Integer range (±999999999999999)");
                    },
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "ToDecimal",
            Status = FunctionStatus.Unverified,
            Summary = "ToDecimal(String | Integer | Decimal) → Decimal: text uses '.' as the separator",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToDecimal(String) → Decimal",
                    Match = Exact(T.Decimal, T.String),
                    Body = static (args, call, _) =>
                    {
                        if (!args[0].IsSet)
                        {
                            return V.NotSet(T.Decimal);
                        }

                        var text = (string)args[0].Reference!;
                        return decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var d)
                            ? V.Decimal(d)
                            : throw call.Fail(0, $"ToDecimal cannot convert {ValueFormatting.QuoteString(text)} to a Decimal (expected digits with '.' as the decimal separator)");
                    },
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "ToDecimal(Decimal) → Decimal",
                    Match = Exact(T.Decimal, T.Decimal),
                    Body = static (args, _, _) => args[0].IsSet ? V.Decimal(args[0].AsDecimal()) : V.NotSet(T.Decimal),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "ToBool",
            Status = FunctionStatus.Unverified,
            Summary = "ToBool(String | Boolean) → Boolean: \"true\"/\"false\", any case",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToBool(String) → Boolean",
                    Match = Exact(T.Boolean, T.String),
                    Body = static (args, call, _) =>
                    {
                        if (!args[0].IsSet)
                        {
                            return V.NotSet(T.Boolean);
                        }

                        var text = ((string)args[0].Reference!).Trim();
                        return bool.TryParse(text, out var b)
                            ? V.Boolean(b)
                            : throw call.Fail(0, $"ToBool cannot convert {ValueFormatting.QuoteString(text)} to a Boolean (expected \"true\" or \"false\")");
                    },
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "ToBool(Boolean) → Boolean",
                    Match = Exact(T.Boolean, T.Boolean),
                    Body = static (args, _, _) => args[0].IsSet ? args[0] : V.NotSet(T.Boolean),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "ToDateTime",
            Status = FunctionStatus.Confirmed,
            Summary = "ToDateTime(String | DateTime) → DateTime: ISO 8601 text (e.g. 2026-11-21T09:00:00.000Z); no offset means UTC",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToDateTime(String) → DateTime",
                    Match = Exact(T.DateTime, T.String),
                    Body = static (args, call, _) =>
                    {
                        if (!args[0].IsSet)
                        {
                            return V.NotSet(T.DateTime);
                        }

                        var text = (string)args[0].Reference!;
                        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                        {
                            var utc = parsed.UtcDateTime;
                            return utc >= ValueRules.MinDateTime
                                ? V.DateTime(utc)
                                : throw call.Fail(0, "ToDateTime: the date is before 1800-01-01, Architect's earliest DateTime");
                        }

                        throw call.Fail(0, $"ToDateTime cannot convert {ValueFormatting.QuoteString(text)} to a DateTime (expected ISO 8601, e.g. \"2026-11-21T09:00:00.000Z\")");
                    },
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "ToDateTime(DateTime) → DateTime",
                    Match = Exact(T.DateTime, T.DateTime),
                    Body = static (args, _, _) => args[0].IsSet ? args[0] : V.NotSet(T.DateTime),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "ToPhoneNumber",
            Status = FunctionStatus.Confirmed,
            Summary = "ToPhoneNumber(String) → PhoneNumber: .e164 is the +digits form of a tel:/sip:/+ number, NOT_SET otherwise",
            Overloads =
            [
                new Overload
                {
                    Signature = "ToPhoneNumber(String) → PhoneNumber",
                    Match = Exact(T.PhoneNumber, T.String),
                    Body = static (args, _, _) => args[0].IsSet ? V.PhoneNumber((string)args[0].Reference!) : V.NotSet(T.PhoneNumber),
                    AllowsNotSet = static _ => true,
                },
            ],
        };
    }

    /// <summary>
    /// The common case of participant data read as a number, plain digits ("720"), without the general parser's cost;
    /// anything else (signs, spaces, more than 15 digits) is left to <see cref="long.TryParse(string, NumberStyles, IFormatProvider, out long)"/>.
    /// </summary>
    private static bool TryParseDigits(string text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 15)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
