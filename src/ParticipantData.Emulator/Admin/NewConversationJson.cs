using System.Text.Json;
using ParticipantData.Emulator.Attributes;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Lifecycle;
using static ParticipantData.Emulator.Json.JsonFields;

namespace ParticipantData.Emulator.Admin;

/// <summary>Reads the admin API's create body (<see cref="NewConversationDocument"/>): <c>{"mediaType": ..., "participants": [{"purpose": ..., ...}], "lifecycle": ...}</c>.</summary>
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

            try
            {
                return Read(JsonFields.Read(root, DocumentJsonContext.Default.NewConversationDocument), hostLifecycle, out request);
            }
            catch (JsonFieldException problem)
            {
                return problem.ToInvalidValue();
            }
        }
    }

    private static ApiError? Read(NewConversationDocument body, LifecycleOptions? hostLifecycle, out NewConversation request)
    {
        request = new NewConversation();
        var mediaType = OptionalString(body.MediaType, "mediaType");
        List<NewParticipant>? participants = null;
        if (HasValue(body.Participants))
        {
            if (body.Participants.ValueKind != JsonValueKind.Array)
            {
                throw Problem("participants", "participants must be an array of {\"purpose\": ..., \"name\": ..., \"attributes\": {...}}.");
            }

            participants = [];
            var index = 0;
            foreach (var item in body.Participants.EnumerateArray())
            {
                if (ReadParticipant(item, $"participants[{index++}]", out var participant) is { } badAttributes)
                {
                    return badAttributes;
                }

                participants.Add(participant!);
            }
        }

        LifecycleOptions? lifecycle = null;
        if (IsPresent(body.Lifecycle) && LifecycleJson.TryRead(body.Lifecycle, hostLifecycle, out lifecycle) is { } badLifecycle)
        {
            return badLifecycle;
        }

        var id = OptionalString(body.Id, "id");
        request = new NewConversation(mediaType, participants, lifecycle, id);
        return null;
    }

    /// <summary>One participant; the attributes' own 400 when they are not a map of strings.</summary>
    private static ApiError? ReadParticipant(JsonElement item, string at, out NewParticipant? participant)
    {
        participant = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Problem(at, $"{at} must be an object with at least a purpose.");
        }

        var p = JsonFields.Read(item, DocumentJsonContext.Default.NewParticipantDocument);
        var purpose = OptionalString(p.Purpose, at + ".purpose");
        var name = OptionalString(p.Name, at + ".name");
        var address = OptionalString(p.Address, at + ".address");
        var id = OptionalString(p.Id, at + ".id");
        Dictionary<string, string>? attributes = null;
        if (HasValue(p.Attributes) && AttributeJson.TryReadMap(p.Attributes, at + ".attributes", out attributes) is { } badAttributes)
        {
            return badAttributes;
        }

        participant = new NewParticipant(purpose ?? "", name, attributes, address, id);
        return null;
    }
}
