using System.Text.Json;
using ParticipantData.Emulator.Attributes;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Lifecycle;

namespace ParticipantData.Emulator.Admin;

/// <summary>Reads the admin API's create body: <c>{"mediaType": ..., "participants": [{"purpose": ..., ...}], "lifecycle": ...}</c>.</summary>
internal static class NewConversationJson
{
    /// <summary>
    /// Parses the body; on failure returns the 400 to answer. A <c>"lifecycle"</c> object overrides the
    /// host's lifecycle (<paramref name="hostLifecycle"/>, or the defaults) field by field.
    /// </summary>
    public static ApiError? TryParse(byte[] body, LifecycleOptions? hostLifecycle, out NewConversation request)
    {
        request = new NewConversation();
        if (body.Length == 0)
        {
            return null;
        }

        if (!JsonBody.TryParse(body, out var document, out var invalid))
        {
            return invalid;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiError.BadRequest("The body must be a JSON object: {\"mediaType\": \"call\", \"participants\": [...]}.");
            }

            if (ReadString(root, "mediaType", out var mediaType) is { } badMedia)
            {
                return badMedia;
            }

            List<NewParticipant>? participants = null;
            if (root.TryGetProperty("participants", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    return ApiError.InvalidValue("participants must be an array of {\"purpose\": ..., \"name\": ..., \"attributes\": {...}}.");
                }

                participants = [];
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (ReadParticipant(item, index++, out var participant) is { } badParticipant)
                    {
                        return badParticipant;
                    }

                    participants.Add(participant!);
                }
            }

            LifecycleOptions? lifecycle = null;
            if (root.TryGetProperty("lifecycle", out var lifecycleElement)
                && LifecycleJson.TryRead(lifecycleElement, hostLifecycle, out lifecycle) is { } badLifecycle)
            {
                return badLifecycle;
            }

            if (ReadString(root, "id", out var id) is { } badId)
            {
                return badId;
            }

            request = new NewConversation(mediaType, participants, lifecycle, id);
            return null;
        }
    }

    private static ApiError? ReadParticipant(JsonElement item, int index, out NewParticipant? participant)
    {
        participant = null;
        var at = $"participants[{index}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            return ApiError.InvalidValue($"{at} must be an object with at least a purpose.");
        }

        var bad = ReadString(item, "purpose", out var purpose, at);
        var badName = ReadString(item, "name", out var name, at);
        var badAddress = ReadString(item, "address", out var address, at);
        var badId = ReadString(item, "id", out var id, at);
        if ((bad ?? badName ?? badAddress ?? badId) is { } invalid)
        {
            return invalid;
        }

        Dictionary<string, string>? attributes = null;
        if (item.TryGetProperty("attributes", out var map) && map.ValueKind != JsonValueKind.Null
            && AttributeJson.TryReadMap(map, at + ".attributes", out attributes) is { } badAttributes)
        {
            return badAttributes;
        }

        participant = new NewParticipant(purpose ?? "", name, attributes, address, id);
        return null;
    }

    private static ApiError? ReadString(JsonElement parent, string property, out string? value, string? at = null)
    {
        value = null;
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            var field = at is null ? property : at + "." + property;
            return ApiError.InvalidValue($"Value [{element.GetRawText()}] is not valid for field type [{field}]: it must be a string.");
        }

        value = element.GetString();
        return null;
    }
}
