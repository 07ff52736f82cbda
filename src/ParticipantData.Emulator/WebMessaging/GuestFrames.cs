using System.Text.Json.Nodes;

namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// The frames the guest API sends: <c>{"type":"response"|"message","class":...,"code":...,"body":...}</c>, as the
/// web-messaging SDKs decode them (WMJ <c>SessionResponse</c>, <c>StructuredMessage</c>; errors have a string body).
/// </summary>
internal static class GuestFrames
{
    public const int SizeTooLargeCode = 4013;

    public static string Response(string @class, JsonNode body, string? tracingId, int code = 200) =>
        Envelope("response", @class, code, body, tracingId).ToJsonString();

    public static string Message(JsonObject body, string? tracingId, string? conversationId)
    {
        var frame = Envelope("message", "StructuredMessage", 200, body, tracingId);
        if (conversationId is not null)
        {
            // Emulator extension (docs/emulator.md): the platform does not tell a guest its conversation id.
            frame["conversationId"] = conversationId;
        }

        return frame.ToJsonString();
    }

    /// <summary>An error: <c>class</c> <c>string</c> and the message as the body.</summary>
    public static string Error(int code, string message, string? tracingId = null) =>
        Envelope("response", "string", code, JsonValue.Create(message), tracingId).ToJsonString();

    public static string SizeTooLarge(int maxBytes, string? tracingId) =>
        Error(SizeTooLargeCode, $"Error: Custom attributes exceed allowed max size of {maxBytes} bytes.", tracingId);

    private static JsonObject Envelope(string type, string @class, int code, JsonNode body, string? tracingId)
    {
        var frame = new JsonObject
        {
            ["type"] = type,
            ["class"] = @class,
            ["code"] = code,
            ["body"] = body,
        };
        if (tracingId is not null)
        {
            frame["tracingId"] = tracingId;
        }

        return frame;
    }
}
