using ParticipantData.Architect.Evaluation;
using ParticipantData.Architect.Types;
using static ParticipantData.Architect.Functions.TextFunctions;
using static ParticipantData.Architect.Functions.TypeMatch;
using T = ParticipantData.Architect.ArchitectType;
using V = ParticipantData.Architect.ArchitectValue;

namespace ParticipantData.Architect.Functions;

internal static class CollectionFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        yield return Simple("Split", FunctionStatus.Confirmed, "Split(String, String separator) → StringCollection: every occurrence splits; an empty separator gives the whole text",
            T.CollectionOf(T.String), [T.String, T.String], static (args, _, _) =>
            {
                var separator = S(args[1]);
                var parts = separator.Length == 0 ? [S(args[0])] : S(args[0]).Split(separator);
                var items = new V[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    items[i] = V.String(parts[i]);
                }

                return V.FromTrustedArray(T.CollectionOf(T.String), items);
            });

        yield return new FunctionDefinition
        {
            Name = "GetAt",
            Status = FunctionStatus.Confirmed,
            Summary = "GetAt(collection of T, Integer) → T: 0-based; an index outside the collection is a runtime error",
            MinArgs = 2,
            MaxArgs = 2,
            Overloads =
            [
                new Overload
                {
                    Signature = "GetAt(TCollection, Integer) → T",
                    Match = args => args.Count == 2 && args[0].IsCollection && Fits(args[1], T.Integer) ? args[0].ElementType : null,
                    Body = static (args, call, _) => ElementAt(args[0], args[1].Bits, call, 1),
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "Count",
            Status = FunctionStatus.Confirmed,
            Summary = "Count(collection) → Integer: number of items",
            MinArgs = 1,
            MaxArgs = 1,
            Overloads =
            [
                new Overload
                {
                    Signature = "Count(TCollection) → Integer",
                    Match = args => args.Count == 1 && args[0].IsCollection ? T.Integer : null,
                    Body = static (args, _, _) => V.IntegerUnchecked(args[0].Items.Length),
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "FindFirst",
            Status = FunctionStatus.Confirmed,
            Summary = "FindFirst(collection of T, T) → Integer: 0-based index of the first equal item, -1 when absent",
            MinArgs = 2,
            MaxArgs = 2,
            Overloads =
            [
                new Overload
                {
                    Signature = "FindFirst(TCollection, T) → Integer",
                    Match = args => args.Count == 2 && args[0].IsCollection && Fits(args[1], args[0].ElementType!) ? T.Integer : null,
                    Body = static (args, _, _) =>
                    {
                        var items = args[0].Items;
                        for (var i = 0; i < items.Length; i++)
                        {
                            if (ValueRules.ValuesEqual(items[i], args[1]))
                            {
                                return V.IntegerUnchecked(i);
                            }
                        }

                        return V.IntegerUnchecked(-1);
                    },
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "MakeList",
            Status = FunctionStatus.Confirmed,
            Summary = "MakeList(T, …) → collection of T: NOT_SET items are a runtime error",
            MinArgs = 1,
            Overloads =
            [
                new Overload
                {
                    Signature = "MakeList(T, …) → TCollection",
                    Match = static args =>
                    {
                        if (args.Count == 0)
                        {
                            return null;
                        }

                        var element = args[0];
                        foreach (var a in args.Skip(1))
                        {
                            element = Unify(element, a);
                            if (element is null)
                            {
                                return null;
                            }
                        }

                        return element.IsScalar ? T.CollectionOf(element) : null;
                    },
                    Body = static (args, call, _) =>
                    {
                        var type = call.Type;
                        var element = type.ElementType!;
                        var items = new V[args.Length];
                        for (var i = 0; i < args.Length; i++)
                        {
                            items[i] = element.Kind == ArchitectTypeKind.Decimal && args[i].Type.Kind == ArchitectTypeKind.Integer
                                ? V.Decimal(args[i].Bits)
                                : args[i];
                        }

                        return V.FromTrustedArray(type, items);
                    },
                },
            ],
        };
    }

    /// <summary>Shared by GetAt and the [ ] operator.</summary>
    public static V ElementAt(V collection, long index, BoundNode at, int argIndex)
    {
        var items = collection.Items;
        if (index < 0 || index >= items.Length)
        {
            var message = items.Length == 0
                ? $"index {index} is outside the collection: it is empty"
                : $"index {index} is outside the collection (valid: 0 to {items.Length - 1}; indexes are 0-based)";
            throw at is BoundCall call ? call.Fail(argIndex, call.Name + ": " + message) : at.Fail(message);
        }

        return items[index];
    }
}
