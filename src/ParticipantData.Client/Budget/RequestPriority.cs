namespace ParticipantData.Client.Budget;

/// <summary>Who goes first when an OAuth client's budget has fewer slots than requests waiting (lower is first).</summary>
internal enum RequestPriority
{
    /// <summary>Token requests: nothing else can run without one.</summary>
    Token = 0,

    /// <summary>The first write of a key to a participant (a value a flow is about to route on).</summary>
    FirstWrite = 1,

    /// <summary>Later writes of a key, re-applies, and plain client calls.</summary>
    Update = 2,

    /// <summary>Read-back, safety reads and polls of Ensure: only slots no write is waiting for.</summary>
    Verification = 3,
}
