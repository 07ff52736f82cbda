using System.Collections;
using ParticipantData.Cli.Output;
using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Tests;

/// <summary>Runs <c>pdata</c> in process with captured output and a given environment.</summary>
internal sealed class CliRunner
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    /// <param name="environment">The environment variables the command sees (none by default).</param>
    /// <param name="session">The shell session's state; by default a fresh one of this runner's own, so every notice shows once.</param>
    /// <param name="stdin">What the command reads from standard input.</param>
    /// <param name="width">The terminal's width in columns (by default that of redirected output, so nothing wraps).</param>
    public CliRunner(IDictionary? environment = null, SessionState? session = null, string? stdin = null, int width = CliContext.RedirectedWidth)
    {
        var output = TextWriter.Synchronized(_out);
        var error = TextWriter.Synchronized(_error);
        Session = session ?? NewSession();
        Context = new CliContext(Console(output, width), Console(error, width), output, environment ?? new Hashtable(), TimeProvider.System, Session)
        {
            In = new StringReader(stdin ?? ""),
        };
    }

    public SessionState Session { get; }

    /// <summary>A shell session of its own under the temp directory, as a new terminal would have.</summary>
    public static SessionState NewSession() =>
        new(Path.Combine(Path.GetTempPath(), "pdata-tests", Guid.NewGuid().ToString("N")), "session-1");

    public CliContext Context { get; }

    public string Out => _out.ToString();

    public string Error => _error.ToString();

    public static CliRunner For(EmulatorHost host, EmulatorOAuthClient? client = null) => new(new Hashtable
    {
        ["GENESYSCLOUD_API_URL"] = host.BaseUri.ToString(),
        ["GENESYSCLOUD_OAUTHCLIENT_ID"] = (client ?? host.DefaultClient).ClientId,
        ["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = (client ?? host.DefaultClient).ClientSecret,
    });

    public Task<int> RunAsync(params string[] args) => PdataCli.RunAsync(args, Context);

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) => PdataCli.RunAsync(args, Context, cancellationToken);

    private static IAnsiConsole Console(TextWriter writer, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width; // by default as when pdata's output goes to a file or CI log
        return console;
    }
}
