using System.Text;
using Spectre.Console;

namespace ParticipantData.Cli.Output;

/// <summary>
/// Messages on a terminal of any width: prose wraps between words, never inside one (a path, a URL or an
/// <c>export NAME=value</c> line longer than the terminal stays whole and the terminal folds it); a source line and
/// the caret under it are written as they are, so a narrow terminal folds both the same way and the caret stays
/// under its column. Spectre's own wrapping splits words longer than the width, and breaks source lines at spaces.
/// </summary>
internal static class ConsoleText
{
    /// <summary>A styled label (markup, e.g. <c>[red]error:[/]</c>) and plain text after it, wrapped at the console's width.</summary>
    public static void Line(IAnsiConsole console, string labelMarkup, string text)
    {
        var label = Markup.Remove(labelMarkup);
        console.Markup(labelMarkup);
        Raw(console, Wrap(label.Length == 0 ? text : " " + text, console.Profile.Width, label.Length, hang: ""));
    }

    /// <summary>Plain text wrapped between words, in the given style.</summary>
    public static void Line(IAnsiConsole console, string text, Style? style = null)
    {
        var wrapped = Wrap(text, console.Profile.Width, 0, hang: "");
        if (style is null)
        {
            Raw(console, wrapped);
            return;
        }

        // One styled segment per line: no width left for Spectre to wrap again.
        foreach (var line in wrapped.Split('\n'))
        {
            console.Write(new Text(line, style));
            console.WriteLine();
        }
    }

    /// <summary>
    /// A message of several lines, each indented by <paramref name="indent"/>: prose lines wrapped between words
    /// (continuations indented alike), a line followed by a caret line and the caret line itself as they are.
    /// </summary>
    public static void Block(IAnsiConsole console, string indent, string message)
    {
        var lines = message.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var verbatim = IsCaret(lines[i]) || (i + 1 < lines.Length && IsCaret(lines[i + 1]));
            output.Append(verbatim ? indent + lines[i] : Wrap(indent + lines[i], console.Profile.Width, 0, hang: indent + LeadingSpace(lines[i])));
            output.Append('\n');
        }

        Raw(console, output.ToString().TrimEnd('\n'));
    }

    /// <summary>Greedy word wrap: lines of at most <paramref name="width"/> columns unless one word is longer (it stays whole on its own line).</summary>
    internal static string Wrap(string text, int width, int startColumn, string hang)
    {
        var output = new StringBuilder();
        foreach (var (paragraph, index) in text.Split('\n').Select((p, i) => (p, i)))
        {
            if (index > 0)
            {
                output.Append('\n');
                startColumn = 0;
            }

            var lead = LeadingSpace(paragraph);
            var column = startColumn;
            var first = true;
            output.Append(lead);
            column += lead.Length;
            foreach (var word in paragraph[lead.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!first && column + 1 + word.Length > width)
                {
                    output.Append('\n').Append(hang);
                    column = hang.Length;
                }
                else if (!first)
                {
                    output.Append(' ');
                    column++;
                }

                output.Append(word);
                column += word.Length;
                first = false;
            }
        }

        return output.ToString();
    }

    private static bool IsCaret(string line) => line.TrimEnd() is { Length: > 0 } trimmed && trimmed[^1] == '^' && trimmed[..^1].All(c => c is ' ' or '\t');

    private static string LeadingSpace(string line) => line[..(line.Length - line.TrimStart(' ').Length)];

    /// <summary>Straight to the console's writer: Spectre would wrap it again.</summary>
    private static void Raw(IAnsiConsole console, string text)
    {
        console.Profile.Out.Writer.Write(text);
        console.Profile.Out.Writer.Write('\n');
    }
}
