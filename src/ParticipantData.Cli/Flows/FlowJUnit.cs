using System.Globalization;
using System.Xml.Linq;
using ParticipantData.Architect.Flows;

namespace ParticipantData.Cli.Flows;

/// <summary>JUnit XML for <c>pdata flow test --junit</c>: one testsuite per flow, one testcase per scenario, a failure per unmet expectation.</summary>
internal static class FlowJUnit
{
    public static XDocument Build(string flowName, IReadOnlyList<FlowScenarioResult> results)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", flowName),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => !r.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(results.Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed))));
        foreach (var result in results)
        {
            var testcase = new XElement("testcase",
                new XAttribute("classname", flowName),
                new XAttribute("name", result.Scenario.Name),
                new XAttribute("time", Seconds(result.Elapsed)));
            if (!result.Passed)
            {
                testcase.Add(new XElement("failure",
                    new XAttribute("message", result.Failures[0].Message),
                    new XAttribute("type", "expectation"),
                    string.Join("\n", result.Failures.Select(f => f.Message))
                        + "\n\nTrace:\n" + string.Join("\n", result.Run.Steps.Select(FlowRender.StepLine))
                        + $"\nOutcome: {result.Run.Outcome.Description}"));
            }

            suite.Add(testcase);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
    }

    /// <summary>UTF-8 without a byte order mark, which some CI report readers reject.</summary>
    public static async Task WriteAsync(XDocument document, string path, CancellationToken cancellationToken)
    {
        var settings = new System.Xml.XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        await using var stream = File.Create(path);
        await using var writer = System.Xml.XmlWriter.Create(stream, settings);
        await document.SaveAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
