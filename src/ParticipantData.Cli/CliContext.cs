using System.Collections;
using Spectre.Console;

namespace ParticipantData.Cli;

/// <summary>Where a command writes (results to <see cref="Out"/>, notices and errors to <see cref="Error"/>) and the environment it reads.</summary>
internal sealed class CliContext(IAnsiConsole output, IAnsiConsole error, TextWriter rawOutput, IDictionary environment, TimeProvider time)
{
    /// <summary>Standard output for machine-readable text (<c>--json</c>): written as is, never wrapped or styled.</summary>
    public TextWriter RawOut { get; } = rawOutput;

    public IAnsiConsole Out { get; } = output;

    public IAnsiConsole Error { get; } = error;

    public IDictionary Environment { get; } = environment;

    public TimeProvider Time { get; } = time;

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

        return new(output, error, Console.Out, System.Environment.GetEnvironmentVariables(), TimeProvider.System);
    }

    private static AnsiConsoleSettings Settings(TextWriter writer, bool redirected) => new()
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    };

    /// <summary>The width used when output goes to a file or pipe.</summary>
    public const int RedirectedWidth = 400;

    /// <summary>Writes a one-line notice to standard error, so that standard output stays clean for <c>--json</c>.</summary>
    public void Notice(string text) => Error.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
}
