namespace ParticipantData.Relay.Api;

/// <summary>A request the relay refuses, with what a caller needs to fix it.</summary>
internal sealed class RequestError(int status, string code, string message, string? field = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string? Field { get; } = field;

    public static RequestError Invalid(string field, string message) => new(400, "invalid.value", message, field);

    public static RequestError BadRequest(string message) => new(400, "bad.request", message);
}
