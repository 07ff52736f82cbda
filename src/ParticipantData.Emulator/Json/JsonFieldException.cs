using ParticipantData.Emulator.Errors;

namespace ParticipantData.Emulator.Json;

/// <summary>
/// A field of a hand-written JSON document (fault plan, admin create body, lifecycle) that is not valid: where it
/// is (<see cref="Path"/>, e.g. <c>rules[0].action.status</c>), the value as written (<see cref="Value"/>, null
/// when the problem is not about one value) and what is wrong (<see cref="Problem"/>, e.g. <c>must be a string</c>).
/// Each reader words it in its own sentence; <see cref="JsonFields"/> throws it.
/// </summary>
internal sealed class JsonFieldException(string path, string? value, string problem) : Exception(path + " " + problem)
{
    public string Path { get; } = path;

    public string? Value { get; } = value;

    public string Problem { get; } = problem;

    /// <summary>
    /// The admin API's <c>400 invalid.value</c>: <c>Value [7] is not valid for field type [participants[0].name]: it must be a string.</c>,
    /// or the problem as it is when it is not about one value.
    /// </summary>
    public ApiError ToInvalidValue() =>
        ApiError.InvalidValue(Value is null ? Problem : $"Value [{Value}] is not valid for field type [{Path}]: it {Problem}.");
}
