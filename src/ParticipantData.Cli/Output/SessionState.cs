using System.Diagnostics;
using System.Globalization;

namespace ParticipantData.Cli.Output;

/// <summary>
/// What <c>pdata</c> remembers between commands: which notices this shell session has seen (so each shows
/// once), and which <c>pdata emulator</c> processes run on this machine (so a hint can name their URL).
/// Kept as small files under one directory; losing them only means a notice shows again.
/// </summary>
internal sealed class SessionState(string directory, string? sessionId)
{
    public string Directory { get; } = directory;

    /// <summary>The shell session (Unix session id); null when unknown, and then every notice shows.</summary>
    public string? SessionId { get; } = sessionId;

    /// <summary>The state of this user on this machine, for the shell session that runs this process.</summary>
    public static SessionState ForProcess() =>
        new(Path.Combine(Path.GetTempPath(), "pdata-" + Environment.UserName), UnixSessionId());

    /// <summary>True the first time this session asks about <paramref name="key"/>, false afterwards.</summary>
    public bool FirstTimeInSession(string key)
    {
        if (SessionId is null)
        {
            return true;
        }

        try
        {
            var notices = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "notices"));
            using var marker = new FileStream(Path.Combine(notices.FullName, $"{SessionId}-{key}"), FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            // The marker exists (seen before), or the directory is unusable: in both cases do not repeat ourselves.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Records a running <c>pdata emulator</c>; dispose the result when it stops.</summary>
    public IDisposable RegisterEmulator(Uri baseUri)
    {
        var file = EmulatorFile(baseUri.Port);
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, $"{Environment.ProcessId}\n{baseUri.GetLeftPart(UriPartial.Authority)}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a hint depends on it.
        }

        return new Registration(file);
    }

    /// <summary>The base URLs of the <c>pdata emulator</c> processes that are still running.</summary>
    public IReadOnlyList<Uri> RunningEmulators()
    {
        var folder = Path.Combine(Directory, "emulators");
        if (!System.IO.Directory.Exists(folder))
        {
            return [];
        }

        var result = new List<Uri>();
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            try
            {
                var lines = File.ReadAllLines(file);
                if (lines.Length >= 2 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && IsRunning(pid) && Uri.TryCreate(lines[1], UriKind.Absolute, out var url))
                {
                    result.Add(url);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being written or removed right now: skip it.
            }
        }

        return result;
    }

    private string EmulatorFile(int port) => Path.Combine(Directory, "emulators", port.ToString(CultureInfo.InvariantCulture) + ".txt");

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Field 6 of /proc/self/stat: shared by every process started from one terminal's shell.</summary>
    private static string? UnixSessionId()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 3 ? fields[3] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class Registration(string file) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A stale file is ignored once its process has gone.
            }
        }
    }
}
