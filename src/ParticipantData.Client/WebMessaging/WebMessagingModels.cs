namespace ParticipantData.Client.WebMessaging;

/// <summary>The session the server configured: whether it is new and the custom-attribute budget it announced.</summary>
public sealed record GuestSessionInfo(bool NewSession, int MaxCustomDataBytes);

/// <summary>
/// A message the server accepted: its id, the custom attributes it carried (empty when none were pending), and
/// the conversation id when the server names it (the emulator does; the platform does not tell a guest).
/// </summary>
public sealed record GuestMessageReceipt(string MessageId, IReadOnlyDictionary<string, string> CustomAttributesSent, string? ConversationId);

/// <summary>A frame the server pushed that answers no request (e.g. an agent's message): its <c>class</c> and raw JSON.</summary>
public sealed record GuestFrame(string? Type, string? Class, int Code, string Json);

/// <summary>
/// The guest API refused a request: <see cref="Code"/> is the server's code (e.g. <c>4013</c>
/// CustomAttributeSizeTooLarge, <c>403</c> an unknown deployment, <c>4007</c> session not found).
/// </summary>
public sealed class WebMessagingException : Exception
{
    /// <summary>The server's refusal: its code and message.</summary>
    public WebMessagingException(int code, string message)
        : base(message) => Code = code;

    /// <summary>The server's refusal, and what caused it.</summary>
    public WebMessagingException(int code, string message, Exception innerException)
        : base(message, innerException) => Code = code;

    /// <summary>A refusal without code or message (the standard exception constructor).</summary>
    public WebMessagingException()
    {
    }

    /// <summary>A refusal without a code.</summary>
    public WebMessagingException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal without a code, and what caused it.</summary>
    public WebMessagingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server's code (0 when there was none).</summary>
    public int Code { get; }

    /// <summary>4013: the custom attributes exceed <c>maxCustomDataBytes</c>.</summary>
    public const int CustomAttributeSizeTooLarge = 4013;
}
