using System.Globalization;

namespace ParticipantData.Emulator.Errors;

/// <summary>An error answer before it gets its context id: status, code, message and the extras some carry.</summary>
internal sealed record ApiError(int Status, string Code, string Message)
{
    public ErrorLimit? Limit { get; init; }

    /// <summary>Whole seconds for a <c>Retry-After</c> header, when the error has one.</summary>
    public int? RetryAfterSeconds { get; init; }

    public ErrorBody ToBody(string contextId) => new()
    {
        Message = Message,
        Code = Code,
        Status = Status,
        ContextId = contextId,
        Limit = Limit,
    };

    // Messages below are the platform's where the spec's x-inin-error-codes give them.
    public static ApiError AuthenticationRequired() =>
        new(401, "authentication.required", "No authentication bearer token specified in authorization header.");

    public static ApiError BadCredentials() => new(401, "bad.credentials", "Invalid login credentials.");

    /// <param name="permission">One permission, or <c>a|b|c</c> when any one of them would do.</param>
    public static ApiError MissingPermissions(string permission) => permission.Contains('|', StringComparison.Ordinal)
        ? new(403, "missing.any.permissions",
            "Unable to perform the requested action. You must have at least one of the following permissions assigned: " + permission.Replace("|", ", ", StringComparison.Ordinal))
        : new(403, "missing.permissions",
            "Unable to perform the requested action. You are missing the following permission(s): " + permission);

    public static ApiError NotFound(string message) => new(404, "not.found", message);

    public static ApiError NoSuchRoute(string method, string path, string? why = null) =>
        NotFound(string.Create(CultureInfo.InvariantCulture, $"The requested resource was not found: there is no {method} {path}{(why is null ? "" : " (" + why + ")")}.")
            + (Routing.WrongRecipes.ForUnknownRoute(method, path) is { } advice ? " " + advice : ""));

    public static ApiError BadRequest(string message) => new(400, "bad.request", message);

    public static ApiError InvalidValue(string message) => new(400, "invalid.value", message);

    public static ApiError UnsupportedMediaType(string? contentType) =>
        new(415, "unsupported.media.type", string.IsNullOrEmpty(contentType)
            ? "Unsupported Media Type - the request has no Content-Type header; send application/json."
            : "Unsupported Media Type - Content-Type [" + contentType + "] is not supported; send application/json.");

    public static ApiError TooManyRequests(int limit, TimeSpan window, int retryAfterSeconds)
    {
        var seconds = (long)Math.Round(window.TotalSeconds);
        return new ApiError(429, "too.many.requests", string.Create(CultureInfo.InvariantCulture,
            $"Rate limit exceeded the maximum [{limit}] requests within [{seconds}] seconds"))
        {
            Limit = new ErrorLimit("platform.api", "client.credentials.token.rate.per.minute", limit),
            RetryAfterSeconds = retryAfterSeconds,
        };
    }

    public static ApiError InternalServerError() =>
        new(500, "internal.server.error",
            "The server encountered an unexpected condition which prevented it from fulfilling the request.");
}
