using System.Collections.Frozen;

namespace ParticipantData.Architect.Functions;

/// <summary>Every function this evaluator knows, by case-insensitive name (Architect accepts <c>contains(…)</c> for <c>Contains</c>).</summary>
internal static class FunctionRegistry
{
    private static readonly FrozenDictionary<string, FunctionDefinition> ByName =
        LogicalFunctions.Definitions()
            .Concat(ConversionFunctions.Definitions())
            .Concat(TextFunctions.Definitions())
            .Concat(CollectionFunctions.Definitions())
            .Concat(DateTimeFunctions.Definitions())
            .Concat(JsonFunctions.Definitions())
            .Concat(UnsupportedFunctions.Definitions())
            .ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<FunctionDefinition> All => ByName.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out FunctionDefinition definition) =>
        ByName.TryGetValue(name, out definition!);

    /// <summary>The canonical spelling of a known function, or the name as written.</summary>
    public static string CanonicalName(string name) => ByName.TryGetValue(name, out var f) ? f.Name : name;
}
