namespace ParticipantData.Emulator.Hosting;

/// <summary>What the pipeline knows about one request/response pair; the journal records it at the end.</summary>
internal sealed class Exchange(string correlationId, DateTimeOffset receivedAt)
{
    public string CorrelationId { get; } = correlationId;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The whole request body, read once by the pipeline so handlers and the journal share it.</summary>
    public byte[] RequestBody { get; set; } = [];

    /// <summary>The OAuth client the request came from (token owner, or the client id presented to /oauth/token).</summary>
    public string? ClientId { get; set; }

    /// <summary>The fault plan dropped the connection: there is no response.</summary>
    public bool ConnectionReset { get; set; }

    /// <summary>Masks secrets and tokens in error messages before they are answered (a client may have sent one in a path or field).</summary>
    public Journal.SecretScrubber? Scrubber { get; init; }

    /// <summary>The response body as the journal may store it (secrets taken out).</summary>
    public string? ResponseBody { get; set; }

    /// <summary>A remark for the journal about how the request was understood (e.g. an OAuth scope that decides nothing).</summary>
    public string? Note { get; set; }
}
