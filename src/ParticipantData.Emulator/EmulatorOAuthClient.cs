namespace ParticipantData.Emulator;

/// <summary>An OAuth client (client-credentials grant) that the emulator accepts.</summary>
/// <param name="ClientId">The client id, as sent in the Basic header or the <c>client_id</c> form field.</param>
/// <param name="ClientSecret">The client secret.</param>
/// <param name="Permissions">
/// Permissions granted to the client's tokens, e.g. <c>conversation:communication:view</c>. <c>"*"</c> grants
/// all; a <c>*</c> segment matches any value in that position (<c>conversation:*:view</c>).
/// </param>
public sealed record EmulatorOAuthClient(string ClientId, string ClientSecret, IReadOnlyCollection<string> Permissions)
{
    /// <summary>The client every emulator accepts unless configured otherwise: all permissions.</summary>
    public static EmulatorOAuthClient Default { get; } = new("pdata-emulator", "pdata-emulator-secret", ["*"]);
}
