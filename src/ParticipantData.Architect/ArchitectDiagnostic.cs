using System.Globalization;
using System.Text;

namespace ParticipantData.Architect;

/// <summary>
/// A problem found in an expression (syntax, type or runtime), with the 1-based line and column it points at.
/// <see cref="ToString"/> renders it like a compiler: the message, the source line, and a caret under the spot.
/// </summary>
public sealed class ArchitectDiagnostic
{
    /// <summary>A diagnostic pointing at <paramref name="offset"/> in <paramref name="source"/>.</summary>
    /// <param name="source">The full expression text.</param>
    /// <param name="offset">0-based character offset; clamped into the text.</param>
    /// <param name="message">What is wrong and, where it helps, what to write instead.</param>
    public ArchitectDiagnostic(string source, int offset, string message)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(message);
        Source = source;
        Offset = Math.Clamp(offset, 0, source.Length);
        Message = message;
        (Line, Column) = LineAndColumn(source, Offset);
    }

    /// <summary>The full expression text.</summary>
    public string Source { get; }

    /// <summary>0-based character offset into <see cref="Source"/>.</summary>
    public int Offset { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>What is wrong and, where it helps, what to write instead.</summary>
    public string Message { get; }

    /// <summary>
    /// <c>line:column: message</c>, then the source line and a caret under the column:
    /// <code>
    /// 1:9: expected ',' or ')' after a function argument, found the string "b"
    ///   Append("a" "b")
    ///              ^
    /// </code>
    /// </summary>
    public override string ToString()
    {
        var lineText = SourceLine(Source, Offset);
        var builder = new StringBuilder()
            .Append(Line.ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(Column.ToString(CultureInfo.InvariantCulture)).Append(": ")
            .Append(Message).Append('\n')
            .Append("  ").Append(lineText).Append('\n')
            .Append("  ");
        // Tabs in the line are kept under the caret so it lines up in a terminal.
        for (var i = 0; i < Column - 1 && i < lineText.Length; i++)
        {
            builder.Append(lineText[i] == '\t' ? '\t' : ' ');
        }

        return builder.Append('^').ToString();
    }

    internal static (int Line, int Column) LineAndColumn(string source, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private static string SourceLine(string source, int offset)
    {
        var start = offset == 0 ? 0 : source.LastIndexOf('\n', Math.Min(offset, source.Length) - 1) + 1;
        var end = source.IndexOf('\n', start);
        return (end < 0 ? source[start..] : source[start..end]).TrimEnd('\r');
    }
}
