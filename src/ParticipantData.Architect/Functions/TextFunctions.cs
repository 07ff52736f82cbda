using ParticipantData.Architect.Types;
using static ParticipantData.Architect.Functions.TypeMatch;
using T = ParticipantData.Architect.ArchitectType;
using V = ParticipantData.Architect.ArchitectValue;

namespace ParticipantData.Architect.Functions;

internal static class TextFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        yield return Simple("Contains", FunctionStatus.Confirmed, "Contains(String, String) → Boolean: case-sensitive substring test",
            T.Boolean, [T.String, T.String], static (args, _, _) => V.Boolean(S(args[0]).Contains(S(args[1]), StringComparison.Ordinal)));

        yield return Simple("Lower", FunctionStatus.Confirmed, "Lower(String) → String: lower case (invariant culture)",
            T.String, [T.String], static (args, _, _) => V.String(S(args[0]).ToLowerInvariant()));
        yield return Simple("ToLower", FunctionStatus.Unverified, "ToLower(String) → String: same as Lower",
            T.String, [T.String], static (args, _, _) => V.String(S(args[0]).ToLowerInvariant()));
        yield return Simple("Upper", FunctionStatus.Unverified, "Upper(String) → String: upper case (invariant culture)",
            T.String, [T.String], static (args, _, _) => V.String(S(args[0]).ToUpperInvariant()));
        yield return Simple("ToUpper", FunctionStatus.Unverified, "ToUpper(String) → String: same as Upper",
            T.String, [T.String], static (args, _, _) => V.String(S(args[0]).ToUpperInvariant()));

        yield return Simple("Trim", FunctionStatus.Confirmed, "Trim(String) → String: removes leading and trailing white space",
            T.String, [T.String], static (args, _, _) => V.String(S(args[0]).Trim()));

        yield return Simple("Length", FunctionStatus.Unverified, "Length(String) → Integer: number of characters (UTF-16 code units)",
            T.Integer, [T.String], static (args, _, _) => V.IntegerUnchecked(S(args[0]).Length));

        yield return Simple("Left", FunctionStatus.Confirmed, "Left(String, Integer) → String: the first n characters (the whole text when n ≥ length)",
            T.String, [T.String, T.Integer], static (args, call, _) =>
            {
                var s = S(args[0]);
                var n = Count(args[1], call);
                return V.String(n >= s.Length ? s : s[..(int)n]);
            });

        yield return Simple("Right", FunctionStatus.Confirmed, "Right(String, Integer) → String: the last n characters (the whole text when n ≥ length)",
            T.String, [T.String, T.Integer], static (args, call, _) =>
            {
                var s = S(args[0]);
                var n = Count(args[1], call);
                return V.String(n >= s.Length ? s : s[^(int)n..]);
            });

        yield return Simple("Substring", FunctionStatus.Unverified, "Substring(String, Integer start, Integer length) → String: 0-based start; clipped at the end of the text",
            T.String, [T.String, T.Integer, T.Integer], static (args, call, _) =>
            {
                var s = S(args[0]);
                var start = args[1].Bits;
                if (start < 0 || start > s.Length)
                {
                    throw call.Fail(1, $"Substring: start {start} is outside the text (length {s.Length})");
                }

                var length = Math.Min(Count(args[2], call, 2), s.Length - start);
                return V.String(s.Substring((int)start, (int)length));
            });

        yield return Simple("FindString", FunctionStatus.Unverified, "FindString(String, String) → Integer: 0-based index of the first occurrence, -1 if absent (case-sensitive)",
            T.Integer, [T.String, T.String], static (args, _, _) => V.IntegerUnchecked(S(args[0]).IndexOf(S(args[1]), StringComparison.Ordinal)));

        yield return Simple("Replace", FunctionStatus.Confirmed, "Replace(String, String find, String with) → String: replaces every occurrence (case-sensitive); an empty find changes nothing",
            T.String, [T.String, T.String, T.String], static (args, _, _) =>
            {
                var find = S(args[1]);
                return V.String(find.Length == 0 ? S(args[0]) : S(args[0]).Replace(find, S(args[2]), StringComparison.Ordinal));
            });

        yield return new FunctionDefinition
        {
            Name = "Append",
            Status = FunctionStatus.Confirmed,
            Summary = "Append(String, …) → String: concatenation; a NOT_SET argument is a runtime error (wrap it in ToDisplayString)",
            MinArgs = 1,
            Overloads =
            [
                new Overload
                {
                    Signature = "Append(String, …) → String",
                    Match = Repeated(T.String, T.String, 1),
                    Body = static (args, _, _) =>
                    {
                        var total = 0;
                        foreach (var a in args)
                        {
                            total += S(a).Length;
                        }

                        return V.String(string.Create(total, args.ToArray(), static (span, items) =>
                        {
                            foreach (var item in items)
                            {
                                var s = S(item);
                                s.AsSpan().CopyTo(span);
                                span = span[s.Length..];
                            }
                        }));
                    },
                },
            ],
        };
    }

    internal static string S(V value) => (string)value.Reference!;

    private static long Count(V value, Evaluation.BoundCall call, int argIndex = 1) =>
        value.Bits >= 0 ? value.Bits : throw call.Fail(argIndex, $"{call.Name}: the count {value.Bits} is negative");

    internal static FunctionDefinition Simple(string name, FunctionStatus status, string summary, T result, T[] parameters, FunctionBody body) => new()
    {
        Name = name,
        Status = status,
        Summary = summary,
        MinArgs = parameters.Length,
        MaxArgs = parameters.Length,
        Overloads =
        [
            new Overload
            {
                Signature = $"{name}({List(parameters)}) → {result.Name}",
                Match = Exact(result, parameters),
                Body = body,
            },
        ],
    };
}
