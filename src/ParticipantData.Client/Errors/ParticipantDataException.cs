using System.Net;

namespace ParticipantData.Client;

/// <summary>Base of every error this library throws: a message for people and a one-line hint of what to do.</summary>
public class ParticipantDataException : Exception
{
    public ParticipantDataException()
    {
    }

    public ParticipantDataException(string message)
        : base(message)
    {
    }

    public ParticipantDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ParticipantDataException(string message, string? hint, Exception? innerException = null)
        : base(message, innerException) => Hint = hint;

    /// <summary>What to do about it, in one line; null when there is nothing useful to add.</summary>
    public string? Hint { get; }
}

/// <summary>
/// The platform answered an API call with an error (<c>ErrorBody</c>): status, code, message and the
/// <c>contextId</c> Genesys support asks for.
/// </summary>
public sealed class GenesysApiException : ParticipantDataException
{
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

    public string? Description { get; }

    private static string Describe(HttpStatusCode? status, string? error, string? description) =>
        status is null
            ? "Could not obtain an access token: the login endpoint could not be reached."
            : $"Could not obtain an access token: {(int)status} {error ?? status.ToString()}" + (string.IsNullOrWhiteSpace(description) ? "" : $": {description}");
}

/// <summary>A call ran out of its time budget (<see cref="ParticipantDataClientOptions.TotalTimeout"/>) or attempts.</summary>
public sealed class ParticipantDataTimeoutException : ParticipantDataException
{
    public ParticipantDataTimeoutException(string message, string hint, Exception? innerException = null)
        : base(message, hint, innerException)
    {
    }
}
