namespace ParticipantData.Emulator;

/// <summary>
/// The web-messaging guest API of an emulator (<c>ws://127.0.0.1:N/v1?deploymentId=...</c>):
/// <see cref="EmulatorOptions.WebMessaging"/>. docs/emulator.md ("Web messaging: the guest side") says which
/// behaviours are assumptions.
/// </summary>
public sealed class WebMessagingOptions
{
    /// <summary>The deployment id every emulator accepts unless <see cref="DeploymentIds"/> is changed.</summary>
    public const string DefaultDeploymentId = "5a7c9e1b-3d5f-4a8c-9b2d-0e4f6a8c1d3e";

    /// <summary>Messenger deployments a guest may configure a session on. Default: <see cref="DefaultDeploymentId"/>. At least one.</summary>
    public IList<string> DeploymentIds { get; } = [DefaultDeploymentId];

    /// <summary>
    /// <c>maxCustomDataBytes</c> of the session response: the most UTF-8 bytes (keys plus values) the custom
    /// attributes of one message may hold. Default 2048 (the platform does not publish its number); 0 to 1 MiB.
    /// </summary>
    public int MaxCustomDataBytes { get; set; } = 2048;

    /// <summary>
    /// When true (the default), a guest's <c>customAttributes</c> are merged into the customer participant's
    /// attributes, as Get Participant Data reads them. UNCONFIRMED on the platform: false keeps them off the conversation.
    /// </summary>
    public bool CustomAttributesToParticipantData { get; set; } = true;

    /// <summary>Prefix put before every custom attribute's key on the participant (e.g. <c>context.</c> as legacy web chat did). Default none.</summary>
    public string AttributeKeyPrefix { get; set; } = "";

    /// <summary>
    /// When true (the default), custom attributes in the legacy request-level <c>channel.metadata</c> are read
    /// as well as those in <c>message.channel.metadata</c> (the message's own win on the same key).
    /// </summary>
    public bool AcceptLegacyPlacement { get; set; } = true;

    /// <summary>
    /// The inbound message flow (<c>pdata emulator --flow</c> with an Archy <c>inboundMessage</c> flow, e.g.
    /// <see cref="WebMessaging.ArchitectMessageFlow"/>): it runs once on each conversation a guest's first message
    /// creates, after the custom attributes are written, and its Transfer to ACD names the queue. Null (the default):
    /// no flow, the conversation goes straight to the default queue.
    /// </summary>
    public WebMessaging.IMessageFlow? Flow { get; set; }

    /// <summary>Guest sessions kept (the least recently used is forgotten first). Default 10 000.</summary>
    public int MaxSessions { get; set; } = 10_000;
}
