using ParticipantData.Architect.Types;
using static ParticipantData.Architect.Functions.TypeMatch;
using T = ParticipantData.Architect.ArchitectType;
using V = ParticipantData.Architect.ArchitectValue;

namespace ParticipantData.Architect.Functions;

internal static class LogicalFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        // If is bound to a lazy node by the binder (only the taken branch is evaluated); this entry names and documents it.
        yield return new FunctionDefinition
        {
            Name = "If",
            Status = FunctionStatus.Confirmed,
            Summary = "If(Boolean, T, T) → T: evaluates only the branch it takes",
            MinArgs = 3,
            MaxArgs = 3,
        };

        yield return new FunctionDefinition
        {
            Name = "IsSet",
            Status = FunctionStatus.Confirmed,
            Summary = "IsSet(T) → Boolean: false only for NOT_SET",
            Overloads =
            [
                new Overload
                {
                    Signature = "IsSet(T) → Boolean",
                    Match = args => args.Count == 1 && (args[0].IsScalar || args[0].Kind == ArchitectTypeKind.NotSet || args[0].IsError) ? T.Boolean : null,
                    Body = static (args, _, _) => V.Boolean(args[0].IsSet),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "IsNotSet",
            Status = FunctionStatus.Unverified,
            Summary = "IsNotSet(T) → Boolean: !IsSet(T)",
            Overloads =
            [
                new Overload
                {
                    Signature = "IsNotSet(T) → Boolean",
                    Match = args => args.Count == 1 && (args[0].IsScalar || args[0].Kind == ArchitectTypeKind.NotSet || args[0].IsError) ? T.Boolean : null,
                    Body = static (args, _, _) => V.Boolean(!args[0].IsSet),
                    AllowsNotSet = static _ => true,
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "IsNotSetOrEmpty",
            Status = FunctionStatus.Confirmed,
            Summary = "IsNotSetOrEmpty(String | Duration | collection) → Boolean: NOT_SET, \"\" or an empty collection (whitespace is not empty)",
            Overloads =
            [
                new Overload
                {
                    Signature = "IsNotSetOrEmpty(String) → Boolean",
                    Match = Exact(T.Boolean, T.String),
                    Body = static (args, _, _) => V.Boolean(!args[0].IsSet || ((string)args[0].Reference!).Length == 0),
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "IsNotSetOrEmpty(Duration) → Boolean",
                    Match = Exact(T.Boolean, T.Duration),
                    Body = static (args, _, _) => V.Boolean(!args[0].IsSet),
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "IsNotSetOrEmpty(JSON) → Boolean",
                    Match = Exact(T.Boolean, T.Json),
                    Body = static (args, _, _) => V.Boolean(!args[0].IsSet),
                    AllowsNotSet = static _ => true,
                },
                new Overload
                {
                    Signature = "IsNotSetOrEmpty(collection) → Boolean",
                    Match = args => args.Count == 1 && args[0].IsCollection ? T.Boolean : null,
                    Body = static (args, _, _) => V.Boolean(args[0].Items.Length == 0),
                },
            ],
        };

        yield return Equality("AreEqual", FunctionStatus.Confirmed);
        yield return Equality("Equals", FunctionStatus.Unverified);

        yield return new FunctionDefinition
        {
            Name = "And",
            Status = FunctionStatus.Unverified,
            Summary = "And(Boolean, …) → Boolean",
            Overloads =
            [
                new Overload
                {
                    Signature = "And(Boolean, Boolean, …) → Boolean",
                    Match = Repeated(T.Boolean, T.Boolean, 2),
                    Body = static (args, _, _) =>
                    {
                        foreach (var a in args)
                        {
                            if (a.Bits == 0)
                            {
                                return V.False;
                            }
                        }

                        return V.True;
                    },
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "Or",
            Status = FunctionStatus.Unverified,
            Summary = "Or(Boolean, …) → Boolean",
            Overloads =
            [
                new Overload
                {
                    Signature = "Or(Boolean, Boolean, …) → Boolean",
                    Match = Repeated(T.Boolean, T.Boolean, 2),
                    Body = static (args, _, _) =>
                    {
                        foreach (var a in args)
                        {
                            if (a.Bits != 0)
                            {
                                return V.True;
                            }
                        }

                        return V.False;
                    },
                },
            ],
        };

        yield return new FunctionDefinition
        {
            Name = "Not",
            Status = FunctionStatus.Unverified,
            Summary = "Not(Boolean) → Boolean",
            Overloads =
            [
                new Overload
                {
                    Signature = "Not(Boolean) → Boolean",
                    Match = Exact(T.Boolean, T.Boolean),
                    Body = static (args, _, _) => V.Boolean(args[0].Bits == 0),
                },
            ],
        };
    }

    private static FunctionDefinition Equality(string name, FunctionStatus status) => new()
    {
        Name = name,
        Status = status,
        Summary = name + "(T, T) → Boolean: same as ==; NOT_SET equals only NOT_SET",
        Overloads =
        [
            new Overload
            {
                Signature = name + "(T, T) → Boolean",
                Match = args => args.Count == 2 && Unify(args[0], args[1]) is { } u && (u.IsScalar || u.Kind == ArchitectTypeKind.NotSet) ? T.Boolean : null,
                Body = static (args, _, _) => V.Boolean(ValueRules.ValuesEqual(args[0], args[1])),
                AllowsNotSet = static _ => true,
            },
        ],
    };
}
