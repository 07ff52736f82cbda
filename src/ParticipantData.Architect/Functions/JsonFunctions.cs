using System.Text.Json;
using static ParticipantData.Architect.Functions.TextFunctions;
using T = ParticipantData.Architect.ArchitectType;
using V = ParticipantData.Architect.ArchitectValue;

namespace ParticipantData.Architect.Functions;

internal static class JsonFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        yield return Simple("JsonParse", FunctionStatus.Confirmed, "JsonParse(String) → JSON: text that is not JSON is a runtime error",
            T.Json, [T.String], static (args, call, _) =>
            {
                try
                {
                    return V.Json(S(args[0]));
                }
                catch (JsonException ex)
                {
                    throw call.Fail(0, "JsonParse: the text is not JSON: " + ex.Message);
                }
            });

        yield return Simple("GetJsonObjectProperty", FunctionStatus.Confirmed,
            "GetJsonObjectProperty(JSON object, String name) → JSON: NOT_SET when the property is absent; a non-object is a runtime error",
            T.Json, [T.Json, T.String], static (args, call, _) =>
            {
                var json = args[0].AsJson();
                if (json.ValueKind != JsonValueKind.Object)
                {
                    throw call.Fail(0, $"GetJsonObjectProperty: expected a JSON object, got a JSON {json.ValueKind.ToString().ToLowerInvariant()}");
                }

                return json.TryGetProperty(S(args[1]), out var property) ? V.Json(property) : V.NotSet(T.Json);
            });
    }
}
