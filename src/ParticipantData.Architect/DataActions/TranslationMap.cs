using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ParticipantData.Architect.DataActions;

/// <summary>
/// <c>config.response.translationMap</c>: each name gets the JSON that its JSONPath selects in the response
/// (architect.md §B.3). A definite path (no deep scan, wildcard, filter, union or slice) yields the one value
/// it selects; an indefinite path yields an array of every match. When a path selects nothing, the name's
/// <c>translationMapDefaults</c> entry is used verbatim as JSON text; a JSON <c>null</c> is a value and
/// does not fall back to the default.
/// </summary>
internal static partial class TranslationMap
{
    public static Dictionary<string, string> Apply(
        IReadOnlyDictionary<string, string> map,
        IReadOnlyDictionary<string, string> defaults,
        string responseBody)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map.Count == 0)
        {
            return result;
        }

        JToken? document = null;
        string? notJson = null;
        try
        {
            using var reader = new JsonTextReader(new StringReader(responseBody))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                MaxDepth = 64,
            };
            document = JToken.ReadFrom(reader);
        }
        catch (JsonException e)
        {
            notJson = e.Message;
        }

        foreach (var (name, path) in map)
        {
            string? value = null;
            if (document is not null)
            {
                value = Select(document, name, path);
            }

            if (value is null)
            {
                if (!defaults.TryGetValue(name, out var fallback))
                {
                    throw new DataActionException(
                        DataActionStep.Translation,
                        notJson is not null
                            ? $"translationMap.{name}: the response is not JSON ({notJson}) and translationMapDefaults has no '{name}'."
                            : $"translationMap.{name}: the JSONPath '{path}' selects nothing in the response and translationMapDefaults has no '{name}'.");
                }

                value = fallback;
            }

            result[name] = value;
        }

        return result;
    }

    private static string? Select(JToken document, string name, string path)
    {
        try
        {
            if (IsDefinite(path))
            {
                var token = document.SelectToken(path, errorWhenNoMatch: false);
                return token?.ToString(Formatting.None);
            }

            var matches = document.SelectTokens(path, errorWhenNoMatch: false).ToList();
            return matches.Count == 0 ? null : new JArray(matches).ToString(Formatting.None);
        }
        catch (JsonException e)
        {
            throw new DataActionException(DataActionStep.Translation, $"translationMap.{name}: '{path}' is not a valid JSONPath: {e.Message}", e);
        }
    }

    /// <summary>Jayway's notion: a path is definite when it can select at most one value.</summary>
    public static bool IsDefinite(string path) => !Indefinite().IsMatch(path);

    [GeneratedRegex(@"\.\.|\*|\[\s*\?|\[[^\]]*[,:][^\]]*\]")]
    private static partial Regex Indefinite();
}
