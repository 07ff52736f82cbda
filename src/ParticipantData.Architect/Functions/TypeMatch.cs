namespace ParticipantData.Architect.Functions;

/// <summary>Building blocks for overload matching.</summary>
internal static class TypeMatch
{
    /// <summary>
    /// Whether an argument of type <paramref name="actual"/> fits a parameter of type <paramref name="parameter"/>:
    /// the same type, the NOT_SET literal for a scalar, or an Integer for a Decimal. A failed sub-expression fits
    /// anything so one mistake gives one message.
    /// </summary>
    public static bool Fits(ArchitectType actual, ArchitectType parameter) =>
        ReferenceEquals(actual, parameter)
        || actual.IsError
        || (actual.Kind == ArchitectTypeKind.NotSet && parameter.IsScalar)
        || (actual.Kind == ArchitectTypeKind.Integer && parameter.Kind == ArchitectTypeKind.Decimal);

    public static Func<IReadOnlyList<ArchitectType>, ArchitectType?> Exact(ArchitectType result, params ArchitectType[] parameters) =>
        args =>
        {
            if (args.Count != parameters.Length)
            {
                return null;
            }

            for (var i = 0; i < args.Count; i++)
            {
                if (!Fits(args[i], parameters[i]))
                {
                    return null;
                }
            }

            return result;
        };

    /// <summary>Any number (at least <paramref name="min"/>) of arguments of one type.</summary>
    public static Func<IReadOnlyList<ArchitectType>, ArchitectType?> Repeated(ArchitectType result, ArchitectType parameter, int min) =>
        args => args.Count >= min && args.All(a => Fits(a, parameter)) ? result : null;

    /// <summary>
    /// The common type of two values that must agree (If branches, MakeList items, == operands): the same type,
    /// Integer with Decimal → Decimal, NOT_SET with anything scalar → that type. Null when they do not agree.
    /// </summary>
    public static ArchitectType? Unify(ArchitectType a, ArchitectType b)
    {
        if (ReferenceEquals(a, b))
        {
            return a;
        }

        if (a.IsError)
        {
            return b;
        }

        if (b.IsError)
        {
            return a;
        }

        if (a.Kind == ArchitectTypeKind.NotSet && b.IsScalar)
        {
            return b;
        }

        if (b.Kind == ArchitectTypeKind.NotSet && a.IsScalar)
        {
            return a;
        }

        return a.IsNumeric && b.IsNumeric ? ArchitectType.Decimal : null;
    }

    public static string List(IReadOnlyList<ArchitectType> types) =>
        string.Join(", ", types.Select(t => t.IsError ? "?" : t.Name));
}
