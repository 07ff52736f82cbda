using System.Diagnostics;
using System.Text.RegularExpressions;
using ParticipantData.Emulator;

namespace ParticipantData.Relay.Tests.Support;

/// <summary>
/// The relay as its own process, exactly as a user runs it: <c>dotnet pdata.dll relay --port 0 --store FILE --api-key KEY --api-url EMULATOR</c>.
/// </summary>
internal sealed partial class RelayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private RelayProcess(Process process, Uri baseUri, List<string> output)
    {
        _process = process;
        BaseUri = baseUri;
        _output = output;
    }

    public Uri BaseUri { get; }

    /// <summary>The operating system's id of the relay process (part of its instance name on delivery claims).</summary>
    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<RelayProcess> StartAsync(EmulatorHost emulator, string storePath, params string[] extra)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { PdataDll(), "relay", "--port", "0", "--store", storePath, "--api-key", RelayRig.Key, "--api-url", emulator.BaseUri.ToString() }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GENESYSCLOUD_OAUTHCLIENT_ID"] = emulator.DefaultClient.ClientId;
        start.Environment["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = emulator.DefaultClient.ClientSecret;
        start.Environment.Remove("GENESYSCLOUD_REGION");
        start.Environment.Remove("GENESYSCLOUD_API_URL");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            if (Listening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            string text;
            lock (lines)
            {
                text = string.Join('\n', lines);
            }

            throw new InvalidOperationException($"The relay process did not start listening: {text}");
        }

        return new RelayProcess(process, await listening.Task, lines);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Ctrl+C or a service manager stops it; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(bounded.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    /// <summary>The CLI as built next to this test project (same configuration): its own folder has its own dependencies.</summary>
    private static string PdataDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "ParticipantData.Cli", "bin", configuration, framework, "pdata.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The CLI is not built at {dll}; build the solution first.");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/?)")]
    private static partial Regex Listening();
}
