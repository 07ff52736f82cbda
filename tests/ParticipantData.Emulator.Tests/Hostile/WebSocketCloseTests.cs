using System.Net.WebSockets;
using System.Text;
using ParticipantData.Emulator.Tests.Notifications;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// A bad message on the notifications WebSocket is answered with a close frame and the right code, as clients
/// expect. (Regression: an oversized message or a lone surrogate dropped the TCP connection with no close frame.)
/// </summary>
public sealed class WebSocketCloseTests
{
    public static TheoryData<string, byte[], WebSocketCloseStatus> BadMessages => new()
    {
        { "64 KiB + 1", Encoding.ASCII.GetBytes("{\"message\":\"" + new string('x', 64 * 1024) + "\"}"), WebSocketCloseStatus.MessageTooBig },
        { "a lone surrogate escape", Encoding.ASCII.GetBytes("{\"message\":\"\\ud800\"}"), WebSocketCloseStatus.InvalidPayloadData },
        { "reversed surrogate escapes", Encoding.ASCII.GetBytes("{\"message\":\"\\udc00\\ud800\"}"), WebSocketCloseStatus.InvalidPayloadData },
        { "invalid UTF-8", [.. Encoding.ASCII.GetBytes("{\"message\":\""), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\"}")], WebSocketCloseStatus.InvalidPayloadData },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task A_bad_message_gets_a_close_frame_with_its_code(string what, byte[] message, WebSocketCloseStatus expected)
    {
        _ = what;
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        await socket.Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        // The close frame arrives and the client's answer to it completes the handshake (no reset in between).
        var closed = await socket.ReceiveAsync();

        closed.ShouldBeNull();
        socket.Socket.CloseStatus.ShouldBe(expected);
        socket.Socket.State.ShouldBe(WebSocketState.Closed);
        emu.Host.Statistics.InternalErrors.ShouldBe(0);
    }

    [Fact]
    public async Task A_message_of_exactly_64_KiB_is_read_and_a_ping_after_it_answered()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);
        await using var socket = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());
        var filler = "{\"message\":\"\"}".Length;
        var exactly = Encoding.ASCII.GetBytes("{\"message\":\"" + new string('x', (64 * 1024) - filler) + "\"}");
        exactly.Length.ShouldBe(64 * 1024);

        await socket.Socket.SendAsync(exactly, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var reply = await socket.PingAsync();

        reply["eventBody"]!["message"].Str().ShouldBe("pong");
    }
}
