using System.Collections;
using System.Text;
using System.Text.RegularExpressions;
using ParticipantData.Cli.Tests.Emulator;

namespace ParticipantData.Cli.Tests;

/// <summary>
/// Every <c>pdata …</c> line of the README's shell blocks runs as written and succeeds, in order, with the
/// <c>export</c> lines applied. Only the ports differ: each <c>pdata emulator --port N</c> listens on a free port,
/// and the URLs that name port N are pointed at it (other engineers' emulators may hold 5080 on this machine).
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public async Task Every_pdata_command_in_the_readme_runs_as_written()
    {
        var root = RepositoryRoot();
        var lines = ShellLines(await File.ReadAllTextAsync(Path.Combine(root, "README.md"))).ToList();
        var environment = new Hashtable();
        var emulators = new Dictionary<string, string>(StringComparer.Ordinal); // README port -> real origin
        var running = new List<(CancellationTokenSource Stop, Task<int> Run, CliRunner Cli)>();
        var session = CliRunner.NewSession();
        var ran = 0;
        try
        {
            foreach (var line in lines)
            {
                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    foreach (var assignment in Words(line).Skip(1))
                    {
                        var pair = assignment.Split('=', 2);
                        environment[pair[0]] = PointAtRealPorts(pair[1], emulators);
                    }

                    continue;
                }

                if (!line.StartsWith("pdata ", StringComparison.Ordinal))
                {
                    continue;
                }

                var args = Words(line).Skip(1).TakeWhile(a => a != ">").Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(root, a) : a).ToArray();
                var cli = new CliRunner(new Hashtable(environment), session);
                ran++;
                if (args[0] == "emulator")
                {
                    var port = args[Array.IndexOf(args, "--port") + 1];
                    args[Array.IndexOf(args, "--port") + 1] = "0";
                    var stop = new CancellationTokenSource();
                    var run = cli.RunAsync(stop.Token, args);
                    running.Add((stop, run, cli));
                    var url = await EmulatorCommandTests.WaitForUrlAsync(cli, run);
                    emulators[port] = url.GetLeftPart(UriPartial.Authority);
                    continue;
                }

                if (args[0] == "relay" && args.Contains("--port"))
                {
                    // A server like the emulator: any free port, a store of its own, stopped at the end.
                    args[Array.IndexOf(args, "--port") + 1] = "0";
                    if (Array.IndexOf(args, "--store") is >= 0 and var store)
                    {
                        args[store + 1] = Path.Combine(Path.GetTempPath(), "pdata-readme-" + Guid.NewGuid().ToString("N"), "relay.db");
                    }

                    var stop = new CancellationTokenSource();
                    var run = cli.RunAsync(stop.Token, args);
                    running.Add((stop, run, cli));
                    await EmulatorCommandTests.WaitForUrlAsync(cli, run);
                    continue;
                }

                if (args[0] == "watch")
                {
                    // Until Ctrl+C: give it a moment to subscribe, then press Ctrl+C.
                    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    (await cli.RunAsync(stop.Token, args)).ShouldBeOneOf([0, 130], $"{line}\n{cli.Out}{cli.Error}");
                    cli.Out.ShouldContain("Conversation ");
                    continue;
                }

                (await cli.RunAsync(args)).ShouldBe(0, $"{line}\n{cli.Out}{cli.Error}");
            }
        }
        finally
        {
            foreach (var (stop, run, _) in running)
            {
                await stop.CancelAsync();
                (await run).ShouldBe(0);
                stop.Dispose();
            }
        }

        ran.ShouldBeGreaterThanOrEqualTo(12);
        emulators.Keys.ShouldBe(["5080", "5081", "5082", "5083"]);
    }

    [Fact]
    public void The_readme_keeps_its_two_main_commands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        readme.ShouldContain("```sh\ndotnet run --project src/ParticipantData.Cli -- demo\n```");
        readme.ShouldContain("```sh\ndotnet test ParticipantData.slnx\n```");
    }

    private static string PointAtRealPorts(string value, Dictionary<string, string> emulators) =>
        ReadmeUrl().Replace(value, m => emulators.TryGetValue(m.Groups[1].Value, out var origin) ? origin : m.Value);

    /// <summary>The lines of the README's <c>```sh</c> blocks, comments and blank lines left out.</summary>
    private static IEnumerable<string> ShellLines(string readme)
    {
        var inBlock = false;
        foreach (var raw in readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && raw.Trim() == "```sh";
                continue;
            }

            var line = raw.Trim();
            if (inBlock && line.Length > 0 && !line.StartsWith('#'))
            {
                yield return line;
            }
        }
    }

    /// <summary>The words of a shell line: single and double quotes, backslash escapes outside single quotes, '#' comments.</summary>
    internal static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is '\'')
            {
                if (c == '\'') { quote = null; } else { word.Append(c); }
            }
            else if (quote is '"')
            {
                if (c == '"') { quote = null; }
                else if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$') { word.Append(line[++i]); }
                else { word.Append(c); }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"') { quote = c; }
                else if (c == '\\' && i + 1 < line.Length) { word.Append(line[++i]); }
                else { word.Append(c); }
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ParticipantData.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No directory above " + AppContext.BaseDirectory + " holds ParticipantData.slnx.");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ReadmeUrl();
}
