using System.Collections;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli;

/// <summary>Where a command writes (results to <see cref="Out"/>, notices and errors to <see cref="Error"/>) and the environment it reads.</summary>
internal sealed class CliContext(IAnsiConsole output, IAnsiConsole error, TextWriter rawOutput, IDictionary environment, TimeProvider time, SessionState? session = null)
{
    /// <summary>Standard output for machine-readable text (<c>--json</c>): written as is, never wrapped or styled.</summary>
    public TextWriter RawOut { get; } = rawOutput;

    public IAnsiConsole Out { get; } = output;

    /// <summary>Standard input (<c>--attributes -</c>); empty unless set.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public IAnsiConsole Error { get; } = error;

    public IDictionary Environment { get; } = environment;

    public TimeProvider Time { get; } = time;

    /// <summary>Notices seen in this shell session and the running emulators.</summary>
    public SessionState Session { get; } = session ?? SessionState.ForProcess();

    /// <summary>Set from <c>--quiet</c> / <c>--verbose</c> before the command runs.</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    /// <summary>The running command asked for <c>--json</c>: errors go to standard output as one JSON envelope.</summary>
    public bool JsonOutput { get; set; }

    /// <summary>The command path (e.g. <c>attributes get</c>) for the error envelope.</summary>
    public string CommandName { get; set; } = "";

    /// <summary>The embedded emulator's URL when the command runs on one (no connection settings), for the not-found hint.</summary>
    public Uri? EmbeddedEmulator { get; set; }

    /// <summary>Cancelled by Ctrl+C / SIGTERM only (not by <c>--timeout</c>), for commands whose normal end is an interrupt.</summary>
    public CancellationToken Interrupted { get; set; }

    /// <summary>Standard error is a terminal a person watches (a spinner helps); false when redirected or in tests.</summary>
    public bool Interactive { get; init; }

    public static CliContext ForProcess()
    {
        // Redirected to a file, a pipe or a CI log: plain text, so that scripts can grep ids and values.
        var output = AnsiConsole.Create(Settings(Console.Out, Console.IsOutputRedirected));
        var error = AnsiConsole.Create(Settings(Console.Error, Console.IsErrorRedirected));
        // Redirected to a file or CI log: no terminal width to respect, and wrapped errors are hard to grep.
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = RedirectedWidth;
        }

        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = RedirectedWidth;
        }

        return new(output, error, Console.Out, System.Environment.GetEnvironmentVariables(), TimeProvider.System)
        {
            Interactive = !Console.IsErrorRedirected && error.Profile.Capabilities.Interactive,
            In = Console.In,
        };
    }

    private static AnsiConsoleSettings Settings(TextWriter writer, bool redirected) => new()
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    };

    /// <summary>The width used when output goes to a file or pipe.</summary>
    public const int RedirectedWidth = 400;

    /// <summary>Writes a one-line notice to standard error, so that standard output stays clean for <c>--json</c>; <c>--quiet</c> silences it.</summary>
    public void Notice(string text)
    {
        if (Verbosity != Verbosity.Quiet)
        {
            Output.ConsoleText.Line(Error, text, new Style(Color.Grey));
        }
    }

    /// <summary>A notice shown once per shell session (every time with <c>--verbose</c>, never with <c>--quiet</c>).</summary>
    public void NoticeOncePerSession(string key, string text)
    {
        if (Verbosity == Verbosity.Verbose || (Verbosity == Verbosity.Normal && Session.FirstTimeInSession(key)))
        {
            Notice(text);
        }
    }
}

/// <summary>How much <c>pdata</c> says besides its results.</summary>
internal enum Verbosity
{
    Normal,
    Quiet,
    Verbose,
}
