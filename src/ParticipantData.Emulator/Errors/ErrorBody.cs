namespace ParticipantData.Emulator.Errors;

/// <summary>The platform's <c>ErrorBody</c>; property order follows what the platform sends.</summary>
internal sealed record ErrorBody
{
    public string? Message { get; init; }

    public string? Code { get; init; }

    public int Status { get; init; }

    public string? ContextId { get; init; }

    public List<ErrorDetail> Details { get; init; } = [];

    public List<ErrorBody> Errors { get; init; } = [];

    public ErrorLimit? Limit { get; init; }
}

internal sealed record ErrorDetail(string? ErrorCode, string? FieldName);

/// <summary>The <c>limit</c> object the platform adds to rate-limit errors (newer than the 2018 spec).</summary>
internal sealed record ErrorLimit(string Namespace, string Key, long Value);
