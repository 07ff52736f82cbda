using System.Text.Json.Serialization;

namespace ParticipantData.Emulator.Auth;

/// <summary>The token response (genesys-api.md §5: <c>access_token</c>, <c>token_type</c>, <c>expires_in</c>).</summary>
internal sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);

/// <summary>
/// The login service's error shape. Only <c>error</c> is confirmed; <c>description</c> and
/// <c>error_description</c> carry the same text so clients reading either find it.
/// </summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("error_description")] string ErrorDescription)
{
    public OAuthError(string error, string description)
        : this(error, description, description)
    {
    }
}
