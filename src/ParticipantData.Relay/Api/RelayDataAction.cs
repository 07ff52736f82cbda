using System.Text;
using System.Text.Json.Nodes;

namespace ParticipantData.Relay.Api;

/// <summary>
/// The data action definition (Genesys export/import format, a web services data action) through which an
/// Architect flow writes participant data via the relay: it POSTs to <c>/v1/writes</c> and answers
/// <c>writeId</c> and <c>status</c>. Every input is escaped with <c>$esc.jsonString</c> in the request template.
/// With attribute names given, each is an input of its own; without, the inputs are one
/// <c>attributeName</c>/<c>attributeValue</c> pair.
/// </summary>
public static class RelayDataAction
{
    public static JsonObject Create(Uri relayUrl, IReadOnlyList<string>? attributeNames = null, string name = "Write participant data via pdata relay")
    {
        ArgumentNullException.ThrowIfNull(relayUrl);
        var names = attributeNames is { Count: > 0 } ? attributeNames : null;
        foreach (var attribute in names ?? [])
        {
            if (string.IsNullOrWhiteSpace(attribute) || attribute is "conversationId" or "participantId" || !attribute.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw new ArgumentException($"'{attribute}' cannot be an attribute input: use letters, digits, '_', '-' or '.', and not conversationId or participantId.", nameof(attributeNames));
            }
        }

        var properties = new JsonObject
        {
            ["conversationId"] = new JsonObject { ["type"] = "string", ["description"] = "The conversation (Call.ConversationId or Message.ConversationId)." },
            ["participantId"] = new JsonObject { ["type"] = "string", ["description"] = "The participant whose attributes to write." },
        };
        var required = new JsonArray("conversationId", "participantId");
        var attributes = new StringBuilder();
        if (names is null)
        {
            properties["attributeName"] = new JsonObject { ["type"] = "string", ["description"] = "The participant attribute to write." };
            properties["attributeValue"] = new JsonObject { ["type"] = "string", ["description"] = "Its value." };
            required.Add("attributeName");
            required.Add("attributeValue");
            attributes.Append("\"$esc.jsonString(${input.attributeName})\": \"$esc.jsonString(${input.attributeValue})\"");
        }
        else
        {
            foreach (var attribute in names)
            {
                properties[attribute] = new JsonObject { ["type"] = "string", ["description"] = $"The value of participant attribute '{attribute}'." };
                required.Add(attribute);
                attributes.Append(attributes.Length == 0 ? "" : ", ").Append('"').Append(attribute).Append("\": \"$esc.jsonString(${input.").Append(attribute).Append("})\"");
            }
        }

        var url = new Uri(relayUrl, "/v1/writes").ToString();
        return new JsonObject
        {
            ["name"] = name,
            ["integrationType"] = "custom-rest-actions",
            ["actionType"] = "custom",
            ["config"] = new JsonObject
            {
                ["request"] = new JsonObject
                {
                    ["requestUrlTemplate"] = url,
                    ["requestType"] = "POST",
                    ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                    ["requestTemplate"] =
                        "{\"conversationId\": \"$esc.jsonString(${input.conversationId})\", \"participantId\": \"$esc.jsonString(${input.participantId})\", " +
                        $"\"attributes\": {{{attributes}}}}}",
                },
                ["response"] = new JsonObject
                {
                    ["translationMap"] = new JsonObject { ["writeId"] = "$.writeId", ["status"] = "$.status" },
                    ["translationMapDefaults"] = new JsonObject { ["status"] = "\"queued\"" },
                    ["successTemplate"] = "{\"writeId\": ${writeId}, \"status\": ${status}}",
                },
                ["timeoutSeconds"] = 10,
            },
            ["contract"] = new JsonObject
            {
                ["input"] = new JsonObject
                {
                    ["inputSchema"] = new JsonObject
                    {
                        ["$schema"] = "http://json-schema.org/draft-04/schema#",
                        ["title"] = "Participant data to write",
                        ["type"] = "object",
                        ["required"] = required,
                        ["properties"] = properties,
                        ["additionalProperties"] = true,
                    },
                },
                ["output"] = new JsonObject
                {
                    ["successSchema"] = new JsonObject
                    {
                        ["$schema"] = "http://json-schema.org/draft-04/schema#",
                        ["title"] = "Accepted by the relay",
                        ["type"] = "object",
                        ["required"] = new JsonArray("writeId", "status"),
                        ["properties"] = new JsonObject
                        {
                            ["writeId"] = new JsonObject { ["type"] = "string", ["description"] = "The relay's id of the write (GET /v1/writes/{writeId})." },
                            ["status"] = new JsonObject { ["type"] = "string", ["description"] = "queued (or, for a retried request, where the write stands)." },
                        },
                        ["additionalProperties"] = true,
                    },
                },
            },
            ["secure"] = false,
        };
    }
}
