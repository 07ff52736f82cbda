using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ParticipantData.Testing.Hostile;

/// <summary>
/// Sends generated hostile requests to an emulator, each on its own connection, and checks every answer; then
/// checks the conversations (no phantom or lost write) and the journal (no secret, no token).
/// </summary>
public static class HostileHarness
{
    private static readonly int[] HttpServerStatuses = [400, 405, 408, 411, 413, 414, 431, 501, 505];

    public static async Task<HostileReport> RunAsync(HostileTarget target, int seed, int count, int concurrency, CancellationToken cancellationToken = default)
    {
        var report = new HostileReport();
        var generator = new HostileRequestGenerator(target, seed);
        var gate = new Lock();
        var remaining = count;
        var outcomes = new ConcurrentBag<(string Description, (string Key, string Value)? Marker, int Status)>();
        var issuedTokens = new ConcurrentBag<string>();
        // Requests are made one at a time as workers need them (in seed order), so the harness holds no more than it sends.
        HostileRequest? Take()
        {
            lock (gate)
            {
                return remaining-- > 0 ? generator.Next() : null;
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Take() is { } request)
            {
                var answer = await SendAsync(target.BaseUri, request.Bytes, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref report.Sent);
                Check(request, answer, report, issuedTokens, target);
                outcomes.Add((request.Description, request.Marker, answer?.Status ?? 0));
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);

        using var admin = new HttpClient { BaseAddress = target.BaseUri };
        await CheckWritesAsync(admin, outcomes, report, cancellationToken).ConfigureAwait(false);
        await CheckJournalAsync(admin, target, issuedTokens, report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>Sends on a fresh connection and reads the whole answer; null when none came.</summary>
    public static async Task<Answer?> SendAsync(Uri baseUri, byte[] bytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseUri.Host, baseUri.Port, timeout.Token).ConfigureAwait(false);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server answered and closed before taking the whole body (e.g. 413): read what it said.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived stands.
        }

        return Answer.Parse(received.ToArray());
    }

    private static void Check(HostileRequest request, Answer? answer, HostileReport report, ConcurrentBag<string> issuedTokens, HostileTarget target)
    {
        if (answer is null)
        {
            report.NoAnswer.Enqueue(request.Description);
            return;
        }

        report.ByStatus.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
        if (answer.Status >= 500)
        {
            report.ServerErrors.Enqueue($"{answer.Status} {request.Description}: {answer.Body}");
        }

        if (!answer.Headers.TryGetValue("inin-correlation-id", out var correlation))
        {
            // Refused by Kestrel itself before the emulator saw it (docs/emulator.md).
            Interlocked.Increment(ref report.ServerRejections);
            if (!HttpServerStatuses.Contains(answer.Status))
            {
                report.BadErrorBodies.Enqueue($"{answer.Status} without a correlation id: {request.Description}");
            }

            return;
        }

        if (answer.Status is >= 200 and < 300 && !IsExact(request.Path) && !request.Path.StartsWith("/emulator/", StringComparison.Ordinal))
        {
            report.Bypasses.Enqueue($"{answer.Status} {request.Description}");
        }

        if (answer.Body.Contains(target.ClientSecret, StringComparison.Ordinal))
        {
            report.Leaks.Enqueue($"the client secret in the answer to {request.Description}");
        }

        if (answer.Status >= 400 && request.Method != "HEAD")
        {
            if (!IsErrorBody(answer, correlation, request.LoginShape))
            {
                report.BadErrorBodies.Enqueue($"{answer.Status} {request.Description}: {answer.Body}");
            }
        }
        else if (answer.Body.Contains("\"access_token\"", StringComparison.Ordinal))
        {
            using var token = JsonDocument.Parse(answer.Body);
            issuedTokens.Add(token.RootElement.GetProperty("access_token").GetString()!);
        }
    }

    private static bool IsExact(string target)
    {
        var path = target.Split('?')[0];
        return path.StartsWith('/') && !path.Contains("//", StringComparison.Ordinal) && !path.Contains("/.", StringComparison.Ordinal)
        && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains("%2", StringComparison.OrdinalIgnoreCase)
        && !path.Contains("%5C", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsErrorBody(Answer answer, string correlation, bool loginShape)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            if (loginShape && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return root.TryGetProperty("description", out var description) && description.GetString()!.Length > 0;
            }

            return root.GetProperty("status").GetInt32() == answer.Status
                && root.GetProperty("code").GetString()!.Length > 0
                && root.GetProperty("message").GetString()!.Length > 0
                && root.GetProperty("contextId").GetString() == correlation;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task CheckWritesAsync(HttpClient admin, ConcurrentBag<(string Description, (string Key, string Value)? Marker, int Status)> outcomes, HostileReport report, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var listing = JsonDocument.Parse(await admin.GetStringAsync("/emulator/v1/conversations", cancellationToken).ConfigureAwait(false)))
        {
            foreach (var conversation in listing.RootElement.GetProperty("entities").EnumerateArray())
            {
                foreach (var participant in conversation.GetProperty("participants").EnumerateArray())
                {
                    if (participant.TryGetProperty("attributes", out var attributes))
                    {
                        foreach (var attribute in attributes.EnumerateObject().Where(a => a.Name.StartsWith("fz-", StringComparison.Ordinal)))
                        {
                            held[attribute.Name] = attribute.Value.GetString()!;
                        }
                    }
                }
            }
        }

        foreach (var (description, requestMarker, status) in outcomes)
        {
            if (requestMarker is not { } marker)
            {
                continue;
            }

            var applied = held.TryGetValue(marker.Key, out var value) && value == marker.Value;
            if (status is >= 200 and < 300)
            {
                if (applied)
                {
                    Interlocked.Increment(ref report.AppliedWrites);
                }
                else
                {
                    report.LostWrites.Enqueue($"{status} {description}");
                }
            }
            else if (applied)
            {
                report.PhantomWrites.Enqueue($"{status} {description}");
            }
        }
    }

    private static async Task CheckJournalAsync(HttpClient admin, HostileTarget target, ConcurrentBag<string> issuedTokens, HostileReport report, CancellationToken cancellationToken)
    {
        var journal = await admin.GetStringAsync("/emulator/v1/requests", cancellationToken).ConfigureAwait(false);
        // The journal is JSON: look for the secret as the serializer would write it, too.
        var needles = new[] { target.ClientSecret, JsonEncodedText.Encode(target.ClientSecret).ToString(), Uri.EscapeDataString(target.ClientSecret), target.Token }
            .Concat(issuedTokens).Distinct(StringComparer.Ordinal);
        foreach (var needle in needles)
        {
            if (journal.Contains(needle, StringComparison.Ordinal))
            {
                report.Leaks.Enqueue("the journal holds " + (needle.Length > 12 ? needle[..6] + "..." : "a secret"));
            }
        }
    }

    /// <summary>An HTTP answer as it came off the wire.</summary>
    public sealed record Answer(int Status, Dictionary<string, string> Headers, string Body)
    {
        public static Answer? Parse(byte[] bytes)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0 || !text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                return null;
            }

            var lines = text[..split].Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            return new Answer(status, headers, text[(split + 4)..]);
        }
    }
}
