using System.Globalization;
using System.Text;

namespace ParticipantData.Testing.Hostile;

/// <summary>
/// A seeded generator of malformed and hostile HTTP/1.1 requests over every route of the emulator: broken
/// paths (repeated slashes, dot segments, encoded separators, case), methods, tokens, content types, bodies
/// (invalid UTF-8, lone surrogates, Latin-1, non-string values, deep nesting, oversized, secrets inside) and
/// chunked framing. Same seed, same requests. Every request is complete, so each one gets an answer.
/// </summary>
public sealed class HostileRequestGenerator(HostileTarget target, int seed)
{
    private static readonly string[] Templates =
    [
        "/api/v2/conversations/{c}",
        "/api/v2/conversations/{c}/participants/{p}/attributes",
        "/api/v2/conversations/calls/{c}",
        "/api/v2/conversations/messages/{c}/participants/{p}/attributes",
        "/api/v2/conversations/calls/{c}/participants/{p}/attributes",
        "/api/v2/conversations/emails/{c}",
        "/api/v2/conversations/callbacks/{c}/participants/{p}/attributes",
        "/api/v2/conversations/{c}/participants/{p}",
        "/api/v2/conversations/calls/{c}/participants/{p}",
        "/api/v2/conversations/webchat/{c}",
        "/api/v2/notifications/channels",
        "/api/v2/notifications/channels/{ch}",
        "/api/v2/notifications/channels/{ch}/subscriptions",
        "/api/v2/notifications/availabletopics",
        "/oauth/token",
        "/channels/{ch}",
        "/emulator/v1/health",
        "/emulator/v1/conversations",
        "/emulator/v1/conversations/{c}",
        "/emulator/v1/statistics",
        "/emulator/v1/faultplan",
        "/emulator/v1/notifications/channels",
        "/",
        "/api",
        "/api/v2",
    ];

    private static readonly string[] Methods = ["GET", "PATCH", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "PATCH", "POST"];

    private readonly Random _random = new(seed);
    private int _next;

    // A third of the requests are well formed but for their body, so that writes also apply and can be checked.
    private bool _clean;

    public HostileRequest Next()
    {
        var n = Interlocked.Increment(ref _next);
        _clean = _random.Next(3) == 0;
        var (conversation, participant) = target.Participants[_random.Next(target.Participants.Count)];
        var template = _clean ? Pick(Templates[1], Templates[3], Templates[4], Templates[6]) : Templates[_random.Next(Templates.Length)];
        var method = _clean ? "PATCH" : _random.Next(40) == 0 ? Pick("FOO", "patch", "GET\u0001") : Methods[_random.Next(Methods.Length)];
        var path = template
            .Replace("{c}", Id(conversation), StringComparison.Ordinal)
            .Replace("{p}", Id(participant), StringComparison.Ordinal)
            .Replace("{ch}", Id(target.ChannelId), StringComparison.Ordinal);
        var (mangled, how) = MangledPath(path);
        if (!_clean && _random.Next(8) == 0)
        {
            mangled += Pick("?access_token=" + target.Token, "?client_secret=" + Uri.EscapeDataString(target.ClientSecret),
                "?x=%zz&y=" + new string('q', 200), "?ignoreErrors=maybe", "?limit=-1", "?seed=abc");
        }

        var isAttributes = template.EndsWith("/attributes", StringComparison.Ordinal);
        var marker = ($"fz-{seed}-{n}", n.ToString(CultureInfo.InvariantCulture));
        var (body, bodyHow, writesMarker) = Body(isAttributes, marker);
        var contentType = ContentType();
        var headers = new List<string>();
        var authorization = Authorization();
        if (authorization is not null)
        {
            headers.Add("Authorization: " + authorization);
        }

        if (contentType is not null)
        {
            headers.Add("Content-Type: " + contentType);
        }

        var chunked = body.Length > 0 && _random.Next(_clean ? 30 : 12) == 0;
        var framing = "content-length";
        byte[] payload;
        if (chunked)
        {
            headers.Add("Transfer-Encoding: chunked");
            (payload, framing) = Chunk(body);
        }
        else
        {
            headers.Add("Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture));
            payload = body;
        }

        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(mangled).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(target.BaseUri.Authority).Append("\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        var bytes = Encoding.Latin1.GetBytes(head.ToString()).Concat(payload).ToArray();
        return new HostileRequest($"#{n} {method} {how} {bodyHow} {framing} auth={(authorization is null ? "none" : authorization.Split(' ')[0])} type={contentType ?? "none"}", bytes, method, mangled)
        {
            Marker = isAttributes && writesMarker ? marker : null,
            LoginShape = mangled.Split('?')[0] == "/oauth/token",
        };
    }

    private string Id(string valid) => _clean ? valid : _random.Next(10) switch
    {
        0 => Guid.NewGuid().ToString("D"),
        1 => valid.ToUpperInvariant(),
        2 => "guest",
        3 => new string('9', _random.Next(1, 3000)),
        4 => "%E2%82%AC" + valid,
        5 => target.Token,
        _ => valid,
    };

    private (string Path, string How) MangledPath(string path) => _clean ? (path, "exact") : _random.Next(14) switch
    {
        0 => ("/" + path, "double-slash"),
        1 => (new string('/', _random.Next(2, 6)) + path.TrimStart('/'), "many-slashes"),
        2 => (path.Replace("/v2/", "/v2//", StringComparison.Ordinal), "inner-double-slash"),
        3 => (path.Replace("/v2/", "/v2/./", StringComparison.Ordinal), "dot-segment"),
        4 => (path.Replace("/v2/", "/v2/x/../", StringComparison.Ordinal), "dot-dot"),
        5 => ("/api/v2/../.." + path, "climb"),
        6 => (path.Replace("/v2/", "/v2%2F", StringComparison.Ordinal), "encoded-slash"),
        7 => (path.Replace("/v2/", "/v2/%2e%2e/v2/", StringComparison.Ordinal), "encoded-dots"),
        8 => (path.ToUpperInvariant(), "upper-case"),
        9 => (path + "/", "trailing-slash"),
        10 => (path.Replace("/v2/", "/v2\\", StringComparison.Ordinal), "backslash"),
        _ => (path, "exact"),
    };

    private string? Authorization() => _clean ? "Bearer " + target.Token : _random.Next(10) switch
    {
        0 => null,
        1 => "Bearer",
        2 => "Bearer " + new string('A', 64),
        3 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(target.ClientId + ":" + target.ClientSecret)),
        4 => "Basic !!!not-base64",
        5 => "bearer " + target.Token,
        6 => "Bearer " + new string('x', _random.Next(1, 4000)),
        _ => "Bearer " + target.Token,
    };

    private string? ContentType() => _clean ? "application/json" : _random.Next(10) switch
    {
        0 => null,
        1 => "text/plain",
        2 => "application/x-www-form-urlencoded",
        3 => "application/json; charset=iso-8859-1",
        4 => "a/b;;;=",
        5 => "application/json; charset=utf-8",
        _ => "application/json",
    };

    private (byte[] Body, string How, bool WritesMarker) Body(bool attributes, (string Key, string Value) marker)
    {
        var (key, value) = marker;
        var good = "{\"attributes\":{\"" + key + "\":\"" + value + "\"}}";
        return _random.Next(24) switch
        {
            0 => ([], "empty", false),
            1 => (Join("{\"attributes\":{\"" + key + "\":\"", [0xC3, 0x28], "\"}}"), "invalid-utf8", false),
            2 => (Join("{\"attributes\":{\"" + key + "\":\"caf", [0xE9], "\"}}"), "latin1", false),
            3 => (Join("{\"attributes\":{\"" + key + "\":\"", [0xC0, 0xAF], "\"}}"), "overlong", false),
            4 => (Ascii("{\"attributes\":{\"" + key + "\":\"\\ud800\"}}"), "lone-surrogate", false),
            5 => (Ascii("{\"attributes\":{\"" + key + "\\udc00\":\"v\"}}"), "lone-surrogate-key", false),
            6 => (Ascii("{\"attributes\":{\"" + key + "\":\"\\udc00\\ud800\"}}"), "reversed-surrogates", false),
            7 => (Ascii("{\"attributes\":{\"" + key + "\":1}}"), "number-value", false),
            8 => (Ascii("{\"attributes\":{\"" + key + "\":{\"nested\":\"v\"}}}"), "object-value", false),
            9 => (Ascii(new string('[', 200) + new string(']', 200)), "deep-nesting", false),
            10 => (Ascii("{\"attributes\":{\"" + key + "\":\"" + new string('x', 1024 * 1024) + "\"}}"), "oversized", false),
            11 => (Ascii(good[..^3]), "truncated-json", false),
            12 => (RandomBytes(), "random-bytes", false),
            13 => (Ascii("grant_type=client_credentials&client_id=" + target.ClientId + "&client_secret=" + Uri.EscapeDataString(target.ClientSecret)), "secret-form", false),
            14 => (Ascii("{\"client_id\":\"" + target.ClientId + "\",\"client_secret\":\"" + target.ClientSecret + "\"}"), "secret-json", false),
            15 => (Ascii("{\"attributes\":{\"" + key + "\":\"" + new string('v', 20_000) + "\"}}"), "value-over-limit", false),
            16 => (Ascii("{\"attributes\":{\"" + new string('k', 300) + "\":\"" + value + "\"}}"), "key-over-limit", false),
            17 => (Ascii("""{"mediaType":"message","participants":[{"purpose":"customer","attributes":{"a":"b"}}]}"""), "admin-create", false),
            18 => (Ascii("""[{"id":"v2.detail.events.conversation.x.attributes"}]"""), "topics", false),
            19 => (Ascii("""{"participants":[{"custom":{"a":"b"}}],"attributes":{"custom":{"a":"b"}}}"""), "forum-recipe", false),
            _ => (Encoding.UTF8.GetBytes(good), "valid", true),
        };
    }

    private (byte[] Payload, string How) Chunk(byte[] body) => _random.Next(3) switch
    {
        0 => (Ascii("FFFFFFFFFFFFFFFFFFFFFFFF\r\n").Concat(body).Concat(Ascii("\r\n0\r\n\r\n")).ToArray(), "chunk-overflow"),
        1 => (Ascii("zz\r\n").Concat(body).Concat(Ascii("\r\n0\r\n\r\n")).ToArray(), "chunk-bad-hex"),
        _ => (Ascii(body.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n").Concat(body).Concat(Ascii("\r\n0\r\n\r\n")).ToArray(), "chunked"),
    };

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 512)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Pick(params string[] choices) => choices[_random.Next(choices.Length)];

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Join(string before, byte[] middle, string after) => [.. Ascii(before), .. middle, .. Ascii(after)];
}
