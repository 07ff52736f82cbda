using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ParticipantData.Emulator.Hosting;

/// <summary>
/// The WebSocket handshake done by hand (RFC 6455 §4.2.2) so the socket sits on a <see cref="LingeringStream"/>:
/// the client reads every close frame the server sends, <c>1007</c> included.
/// </summary>
internal static class WebSocketHandshake
{
    private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<(WebSocket Socket, LingeringStream Stream)?> AcceptAsync(HttpContext http)
    {
        var key = http.Request.Headers.SecWebSocketKey.ToString();
        if (http.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade || key.Length == 0)
        {
            return null;
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid)));
        http.Response.Headers.Connection = "Upgrade";
        http.Response.Headers.Upgrade = "websocket";
        http.Response.Headers.SecWebSocketAccept = accept;
        var stream = new LingeringStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        return (socket, stream);
    }
}
