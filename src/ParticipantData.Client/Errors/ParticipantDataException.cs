using System.Net;

namespace ParticipantData.Client;

/// <summary>Base of every error this library throws: a message for people and a one-line hint of what to do.</summary>
public class ParticipantDataException : Exception
{
    /// <summary>An error without a message (the standard exception constructor).</summary>
    public ParticipantDataException()
    {
    }

    /// <summary>An error with a message and no hint.</summary>
    public ParticipantDataException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message, no hint, and what caused it.</summary>
    public ParticipantDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An error with a message, a one-line hint of what to do, and what caused it.</summary>
    public ParticipantDataException(string message, string? hint, Exception? innerException = null)
        : base(message, innerException) => Hint = hint;

    /// <summary>What to do about it, in one line; null when there is nothing useful to add.</summary>
    public string? Hint { get; }
}

/// <summary>
/// The platform answered an API request with an error (<c>ErrorBody</c>): status, code, message and the
/// <c>contextId</c> Genesys support asks for.
/// </summary>
public sealed class GenesysApiException : ParticipantDataException
{
    /// <summary>The platform's error answer to <paramref name="operation"/> (named by its path template, never its ids).</summary>
    public GenesysApiException(
        HttpStatusCode status,
        string? code,
        string? errorMessage,
        string? contextId,
        string operation,
        string? hint,
        TimeSpan? retryAfter = null)
        : base(Describe(status, code, errorMessage, operation), hint)
    {
        Status = status;
        Code = code;
        ErrorMessage = errorMessage;
        ContextId = contextId;
        Operation = operation;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status the platform answered.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The platform's error code, e.g. <c>not.found</c>, <c>missing.permissions</c>.</summary>
    public string? Code { get; }

    /// <summary>The platform's own message.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The correlation id of the failed request (<c>contextId</c>, or the <c>inin-correlation-id</c> header).</summary>
    public string? ContextId { get; }

    /// <summary>The request that failed, e.g. <c>PATCH /api/v2/conversations/{id}/participants/{id}/attributes</c>.</summary>
    public string Operation { get; }

    /// <summary>For 429: how long the platform asked to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode status, string? code, string? message, string operation) =>
        $"{operation} failed: {(int)status} {code ?? status.ToString()}" + (string.IsNullOrWhiteSpace(message) ? "" : $": {message}");
}

/// <summary>The OAuth token request failed (wrong client id or secret, wrong region, throttled login).</summary>
public sealed class GenesysAuthenticationException : ParticipantDataException
{
    /// <summary>The token request's failure: the login endpoint's answer, or null status when it could not be reached.</summary>
    public GenesysAuthenticationException(HttpStatusCode? status, string? error, string? description, string hint, Exception? innerException = null)
        : base(Describe(status, error, description), hint, innerException)
    {
        Status = status;
        Error = error;
        Description = description;
    }

    /// <summary>The login endpoint's status, or null when it could not be reached.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The OAuth <c>error</c> field, e.g. <c>invalid_client</c>.</summary>
    public string? Error { get; }

    /// <summary>The OAuth <c>error_description</c> (or <c>description</c>) field.</summary>
    public string? Description { get; }

    private static string Describe(HttpStatusCode? status, string? error, string? description) =>
        status is null
            ? "Could not obtain an access token: the login endpoint could not be reached."
            : $"Could not obtain an access token: {(int)status} {error ?? status.ToString()}" + (string.IsNullOrWhiteSpace(description) ? "" : $": {description}");
}

/// <summary>A request ran out of its time budget (<see cref="ParticipantDataClientOptions.TotalTimeout"/>) or attempts.</summary>
public sealed class ParticipantDataTimeoutException : ParticipantDataException
{
    /// <summary>A request that ran out of time, with what its attempts got in <paramref name="message"/>.</summary>
    public ParticipantDataTimeoutException(string message, string hint, Exception? innerException = null)
        : base(message, hint, innerException)
    {
    }
}
