namespace ParticipantData.Emulator.WebMessaging;

/// <summary>
/// One guest's session: the guest token (the guest's credential, never shown by the admin API or the
/// journal), its deployment and the conversation its messages go to. Mutated only under <see cref="GuestSessions"/>' lock.
/// </summary>
internal sealed class GuestSession(string token, string deploymentId)
{
    public string Token { get; } = token;

    public string DeploymentId { get; } = deploymentId;

    /// <summary>The web-messaging conversation of this session; null until the first message (or after it ended).</summary>
    public string? ConversationId { get; set; }

    public string? CustomerParticipantId { get; set; }

    /// <summary>Messages received in this session.</summary>
    public int Messages { get; set; }
}
