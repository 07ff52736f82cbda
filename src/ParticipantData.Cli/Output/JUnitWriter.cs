using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace ParticipantData.Cli.Output;

/// <summary>What became of one JUnit test case.</summary>
internal enum JUnitOutcome
{
    Passed,

    /// <summary>An expectation did not hold.</summary>
    Failure,

    /// <summary>The test could not run (an expression that does not compile, a runtime error nobody expected).</summary>
    Error,

    Skipped,
}

/// <summary>One <c>testcase</c>: <c>Message</c> is the one-line reason, <c>Details</c> the text of the failure or error element.</summary>
internal sealed record JUnitCase(string ClassName, string Name, JUnitOutcome Outcome)
{
    public string? File { get; init; }

    public int? Line { get; init; }

    public TimeSpan? Time { get; init; }

    public string? Message { get; init; }

    public string? Type { get; init; }

    public string? Details { get; init; }
}

internal sealed record JUnitSuite(string Name, IReadOnlyList<JUnitCase> Cases);

/// <summary>
/// The JUnit XML that <c>pdata check --junit</c> and <c>pdata flow test --junit</c> write, in the shape CI systems read
/// (GitHub, GitLab, Jenkins, Azure DevOps): <c>testsuites</c> › <c>testsuite</c> › <c>testcase</c> with a
/// <c>failure</c>, <c>error</c> or <c>skipped</c> child; counts on every suite and on the root. UTF-8 without a byte
/// order mark, which some report readers reject.
/// </summary>
internal static class JUnitWriter
{
    public static XDocument Build(string name, IReadOnlyList<JUnitSuite> suites)
    {
        var root = new XElement("testsuites", new XAttribute("name", name));
        Counts(root, suites.SelectMany(s => s.Cases).ToList());
        foreach (var suite in suites)
        {
            var element = new XElement("testsuite", new XAttribute("name", suite.Name));
            Counts(element, suite.Cases);
            element.Add(suite.Cases.Select(Case));
            root.Add(element);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    public static async Task WriteAsync(string path, XDocument document, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        await using var stream = File.Create(path);
        await using var writer = XmlWriter.Create(stream, settings);
        await document.SaveAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    private static void Counts(XElement element, IReadOnlyList<JUnitCase> cases)
    {
        element.Add(
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Outcome == JUnitOutcome.Failure)),
            new XAttribute("errors", cases.Count(c => c.Outcome == JUnitOutcome.Error)),
            new XAttribute("skipped", cases.Count(c => c.Outcome == JUnitOutcome.Skipped)));
        if (cases.Any(c => c.Time is not null))
        {
            element.Add(new XAttribute("time", Seconds(cases.Aggregate(TimeSpan.Zero, (t, c) => t + (c.Time ?? TimeSpan.Zero)))));
        }
    }

    private static XElement Case(JUnitCase test)
    {
        var element = new XElement("testcase", new XAttribute("classname", test.ClassName), new XAttribute("name", test.Name));
        if (test.File is not null)
        {
            element.Add(new XAttribute("file", test.File));
        }

        if (test.Line is { } line)
        {
            element.Add(new XAttribute("line", line));
        }

        if (test.Time is { } time)
        {
            element.Add(new XAttribute("time", Seconds(time)));
        }

        if (test.Outcome != JUnitOutcome.Passed)
        {
            var child = new XElement(test.Outcome.ToString().ToLowerInvariant());
            if (test.Message is not null)
            {
                child.Add(new XAttribute("message", test.Message));
            }

            if (test.Type is not null)
            {
                child.Add(new XAttribute("type", test.Type));
            }

            if (test.Outcome != JUnitOutcome.Skipped && test.Details is not null)
            {
                child.Add(test.Details);
            }

            element.Add(child);
        }

        return element;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
