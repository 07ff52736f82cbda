using System.Text.Json;

namespace ParticipantData.Emulator.Notifications;

/// <summary>What a client sent on a channel's socket: the platform answers only <c>{"message":"ping"}</c>; text that is not Unicode closes the socket (1007).</summary>
internal static class ClientMessage
{
    /// <summary>Classifies one complete text message.</summary>
    public static ClientMessageKind Classify(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return ClientMessageKind.NotUnicode;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (Json.JsonBody.FindInvalidString(document.RootElement) is not null)
            {
                return ClientMessageKind.NotUnicode;
            }

            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var text)
                && text.ValueKind == JsonValueKind.String
                && string.Equals(text.GetString(), "ping", StringComparison.OrdinalIgnoreCase)
                ? ClientMessageKind.Ping
                : ClientMessageKind.Other;
        }
        catch (JsonException)
        {
            return ClientMessageKind.Other;
        }
    }
}
