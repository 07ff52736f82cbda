namespace ParticipantData.Relay.Store;

/// <summary>
/// The store cannot be reached (the database is down, refuses connections, or a network path failed). Nothing the
/// call would have changed is acknowledged; the relay answers <c>503</c> and the caller retries.
/// </summary>
public sealed class RelayStoreUnavailableException : Exception
{
    public RelayStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public RelayStoreUnavailableException()
        : this("The relay's store is unavailable.")
    {
    }

    public RelayStoreUnavailableException(string message)
        : this(message, null)
    {
    }
}
