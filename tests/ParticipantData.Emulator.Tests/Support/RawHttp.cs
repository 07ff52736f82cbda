using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ParticipantData.Emulator.Tests.Support;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient would not send as written (repeated slashes, dot
/// segments, broken framing, bytes that are not UTF-8).
/// </summary>
internal static class RawHttp
{
    public static Task<RawResponse> SendAsync(Uri baseUri, string method, string target, string? token = null,
        string? contentType = null, byte[]? body = null, IEnumerable<string>? headers = null) =>
        SendRawAsync(baseUri, Request(baseUri, method, target, token, contentType, body, headers));

    public static byte[] Request(Uri baseUri, string method, string target, string? token = null,
        string? contentType = null, byte[]? body = null, IEnumerable<string>? headers = null)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nConnection: close\r\n");
        if (token is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {token}\r\n");
        }

        if (contentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        foreach (var header in headers ?? [])
        {
            head.Append(header).Append("\r\n");
        }

        var chunked = headers?.Any(h => h.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase)) == true;
        if (!chunked)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body?.Length ?? 0}\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body ?? []];
    }

    public static async Task<RawResponse> SendRawAsync(Uri baseUri, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseUri.Host, baseUri.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        await stream.FlushAsync();
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException)
        {
            // The server may reset after answering a request whose body it did not read: what arrived stands.
        }

        return RawResponse.Parse(received.ToArray());
    }
}

internal sealed record RawResponse(int Status, Dictionary<string, string> Headers, string Body)
{
    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new ShouldAssertException("No HTTP response arrived; received: " + text);
        }

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = text[(split + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, body);
    }

    /// <summary>Checks an ErrorBody answer: status, code, message fragments, contextId equal to the correlation header.</summary>
    public JsonObject ShouldBeError(int status, string code, params string[] messageContains)
    {
        Status.ShouldBe(status, Body);
        var json = JsonNode.Parse(Body)!.AsObject();
        json["status"]!.GetValue<int>().ShouldBe(status);
        json["code"]!.GetValue<string>().ShouldBe(code, Body);
        foreach (var fragment in messageContains)
        {
            json["message"]!.GetValue<string>().ShouldContain(fragment, Case.Sensitive, Body);
        }

        json["contextId"]!.GetValue<string>().ShouldBe(Headers["inin-correlation-id"]);
        return json;
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var end = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(body[position..end], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.Append(body, end + 2, size);
            position = end + 2 + size + 2;
        }

        return result.ToString();
    }
}
