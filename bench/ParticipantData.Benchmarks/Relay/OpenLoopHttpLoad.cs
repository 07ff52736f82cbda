using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ParticipantData.Benchmarks.Relay;

/// <summary>
/// An open-loop HTTP/1.1 load generator in the manner of wrk2, lean enough that it does not set the latency it
/// measures on a 2-core machine: one keep-alive connection per client, requests pre-encoded, and one scheduler
/// thread that sends each request at its moment (client c's request k is due at k × interval plus the client's
/// offset). A request's latency counts from the moment it was due, not from when it was sent, so a slow
/// answer that holds back the client's next request is charged to that request too (no coordinated omission).
/// HttpClient on the thread pool, for comparison, cost about as much CPU per request as the relay itself, and its
/// timer and scheduling delays showed up in the p99 of a server that answers at once.
/// </summary>
internal sealed class OpenLoopHttpLoad
{
    private readonly Uri _server;
    private readonly string _authorization;

    public OpenLoopHttpLoad(Uri server, string authorization)
    {
        _server = server;
        _authorization = authorization;
    }

    /// <summary>Runs <paramref name="perClient"/> requests on each of <paramref name="clients"/> connections at <paramref name="rate"/> requests/s in all.</summary>
    /// <param name="body">The JSON body of client c's request k.</param>
    public async Task<LoadResult> RunAsync(string path, int clients, int rate, int perClient, Func<int, int, string> body)
    {
        var interval = TimeSpan.FromSeconds((double)clients / rate);
        var connections = new List<Connection>();
        for (var c = 0; c < clients; c++)
        {
            var requests = new byte[perClient][];
            for (var k = 0; k < perClient; k++)
            {
                requests[k] = Encode(path, body(c, k));
            }

            var connection = new Connection(requests);
            await connection.ConnectAsync(_server).ConfigureAwait(false);
            connections.Add(connection);
        }

        // The requests were encoded up front (a few MB): collect now, as BenchmarkDotNet does before each run, so
        // that the run's first collections do not copy them (that cost a 20-30 ms pause).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = RunStatistics.Now();
        var start = Stopwatch.GetTimestamp();
        var readers = connections.Select(c => c.ReadResponsesAsync(start)).ToList();
        var scheduler = new Thread(() => Schedule(connections, interval, perClient, start)) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "load scheduler" };
        scheduler.Start();
        await Task.WhenAll(readers).ConfigureAwait(false);
        scheduler.Join();
        var during = RunStatistics.Now() - before;
        var latencies = new List<TimeSpan>(clients * perClient);
        var statuses = new Dictionary<int, int>();
        foreach (var connection in connections)
        {
            latencies.AddRange(connection.Latencies);
            foreach (var status in connection.Statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            connection.Dispose();
        }

        return new LoadResult(latencies, statuses, during);
    }

    private static void Schedule(List<Connection> connections, TimeSpan interval, int perClient, long start)
    {
        var offset = interval / connections.Count;
        for (var k = 0; k < perClient; k++)
        {
            for (var c = 0; c < connections.Count; c++)
            {
                var due = (interval * k) + (offset * c);
                // Never early (that would flatter the latency), at most about a millisecond late (charged to the request).
                for (var left = due - Stopwatch.GetElapsedTime(start); left > TimeSpan.Zero; left = due - Stopwatch.GetElapsedTime(start))
                {
                    Thread.Sleep((int)Math.Ceiling(left.TotalMilliseconds));
                }

                connections[c].Due(k, due);
            }
        }
    }

    private byte[] Encode(string path, string body)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {_server.Authority}\r\nAuthorization: {_authorization}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\n\r\n");
        return [.. head, .. content];
    }

    /// <summary>One client: its connection, the requests due and not yet sent, and what came back.</summary>
    private sealed class Connection(byte[][] requests) : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        private readonly Queue<(int Index, TimeSpan Due)> _pending = new();
        private readonly Lock _gate = new();
        private readonly TimeSpan[] _due = new TimeSpan[requests.Length];
        private bool _awaitingResponse;

        public List<TimeSpan> Latencies { get; } = new(requests.Length);

        public List<int> Statuses { get; } = new(requests.Length);

        public Task ConnectAsync(Uri server) => _socket.ConnectAsync(IPAddress.Parse(server.Host), server.Port);

        /// <summary>Request k is due now: send it, or queue it behind the one still waiting for its answer.</summary>
        public void Due(int k, TimeSpan due)
        {
            lock (_gate)
            {
                _due[k] = due;
                if (_awaitingResponse)
                {
                    _pending.Enqueue((k, due));
                    return;
                }

                _awaitingResponse = true;
            }

            _socket.Send(requests[k]);
        }

        public async Task ReadResponsesAsync(long start)
        {
            var buffer = new byte[16 * 1024];
            var filled = 0;
            for (var answered = 0; answered < requests.Length; answered++)
            {
                int status;
                while (true)
                {
                    if (TryParseResponse(buffer.AsSpan(0, filled), out status, out var length))
                    {
                        buffer.AsSpan(length, filled - length).CopyTo(buffer);
                        filled -= length;
                        break;
                    }

                    var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException("The server closed the connection.");
                    }

                    filled += read;
                }

                Latencies.Add(Stopwatch.GetElapsedTime(start) - _due[answered]);
                Statuses.Add(status);
                byte[]? next = null;
                lock (_gate)
                {
                    if (_pending.TryDequeue(out var queued))
                    {
                        next = requests[queued.Index];
                    }
                    else
                    {
                        _awaitingResponse = false;
                    }
                }

                if (next is not null)
                {
                    _socket.Send(next);
                }
            }
        }

        public void Dispose() => _socket.Dispose();

        /// <summary>A whole response (status line, headers, a Content-Length or chunked body) at the start of <paramref name="data"/>.</summary>
        private static bool TryParseResponse(ReadOnlySpan<byte> data, out int status, out int length)
        {
            status = 0;
            length = 0;
            var headersEnd = data.IndexOf("\r\n\r\n"u8);
            if (headersEnd < 0)
            {
                return false;
            }

            var head = Encoding.ASCII.GetString(data[..headersEnd]);
            status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
            var bodyStart = headersEnd + 4;
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    var contentLength = int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    length = bodyStart + contentLength;
                    return data.Length >= length;
                }
            }

            // Chunked: size line, data, CRLF, until the zero-size chunk and its trailing CRLF.
            var at = bodyStart;
            while (true)
            {
                var lineEnd = data[at..].IndexOf("\r\n"u8);
                if (lineEnd < 0)
                {
                    return false;
                }

                var size = Convert.ToInt32(Encoding.ASCII.GetString(data.Slice(at, lineEnd)).Split(';')[0].Trim(), 16);
                at += lineEnd + 2;
                if (size == 0)
                {
                    if (data.Length < at + 2)
                    {
                        return false;
                    }

                    length = at + 2;
                    return true;
                }

                at += size + 2;
                if (data.Length < at)
                {
                    return false;
                }
            }
        }
    }
}

/// <summary>Every request's latency (from the moment it was due), the status codes answered, and what the process spent meanwhile.</summary>
internal sealed record LoadResult(List<TimeSpan> Latencies, Dictionary<int, int> Statuses, RunStatistics During);

/// <summary>The whole process's CPU time, garbage collections, GC pauses and allocations (the relay and the emulator run in it too).</summary>
internal sealed record RunStatistics(TimeSpan Cpu, int Collections, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static RunStatistics Now() => new(
        Process.GetCurrentProcess().TotalProcessorTime,
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes());

    public static RunStatistics operator -(RunStatistics a, RunStatistics b) =>
        new(a.Cpu - b.Cpu, a.Collections - b.Collections, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);
}
