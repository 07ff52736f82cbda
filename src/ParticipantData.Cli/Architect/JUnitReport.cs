using System.Globalization;
using System.Xml;
using ParticipantData.Architect.Routing;

namespace ParticipantData.Cli.Architect;

/// <summary>
/// <c>pdata check --junit out.xml</c>: one <c>testsuite</c> per rules file, one <c>testcase</c> per rule with an
/// expectation (a FAIL is a <c>failure</c>, an expression that fails to compile or run an <c>error</c>); rules without
/// an expectation are <c>skipped</c>. The shape CI systems (GitHub, GitLab, Jenkins, Azure DevOps) read.
/// </summary>
internal static class JUnitReport
{
    public static async Task WriteAsync(FileInfo file, IReadOnlyList<RoutingReport> reports, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        if (file.Directory is { Exists: false } directory)
        {
            directory.Create();
        }

        await using var stream = File.Create(file.FullName);
        await using var xml = XmlWriter.Create(stream, settings);
        await xml.WriteStartDocumentAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "testsuites", null).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "name", null, "pdata check").ConfigureAwait(false);
        await Counts(xml, reports.SelectMany(r => r.Rows).ToList(), reports.Sum(r => r.Errors.Count)).ConfigureAwait(false);
        foreach (var report in reports)
        {
            await xml.WriteStartElementAsync(null, "testsuite", null).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "name", null, report.SourceName).ConfigureAwait(false);
            await Counts(xml, report.Rows, report.Errors.Count).ConfigureAwait(false);
            foreach (var error in report.Errors)
            {
                await TestCase(xml, report.SourceName, "setup", 0, "error", error, null).ConfigureAwait(false);
            }

            foreach (var row in report.Rows)
            {
                var (kind, message) = row.Status switch
                {
                    RoutingRowStatus.Failed => ("failure", $"expected {row.Expected}, got {row.Outcome}"),
                    RoutingRowStatus.Error => ("error", row.Outcome.Length == 0 ? "the expression does not compile" : "runtime error"),
                    RoutingRowStatus.NotChecked => ("skipped", "no expectation"),
                    _ => ((string?)null, (string?)null),
                };
                var details = $"{report.SourceName}:{row.Line}: {row.Kind.ToString().ToLowerInvariant()} {row.Name}: {row.Expression}\n{string.Join("\n", row.Messages)}".TrimEnd();
                await TestCase(xml, report.SourceName, $"{row.Kind.ToString().ToLowerInvariant()} {row.Name}", row.Line, kind, message, details).ConfigureAwait(false);
            }

            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndDocumentAsync().ConfigureAwait(false);
        await xml.FlushAsync().ConfigureAwait(false);
    }

    private static async Task Counts(XmlWriter xml, IReadOnlyList<RoutingRow> rows, int setupErrors)
    {
        await xml.WriteAttributeStringAsync(null, "tests", null, Text(rows.Count + setupErrors)).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "failures", null, Text(rows.Count(r => r.Status == RoutingRowStatus.Failed))).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "errors", null, Text(rows.Count(r => r.Status == RoutingRowStatus.Error) + setupErrors)).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "skipped", null, Text(rows.Count(r => r.Status == RoutingRowStatus.NotChecked))).ConfigureAwait(false);
    }

    private static async Task TestCase(XmlWriter xml, string suite, string name, int line, string? kind, string? message, string? details)
    {
        await xml.WriteStartElementAsync(null, "testcase", null).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "classname", null, suite).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "name", null, name).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "file", null, suite).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "line", null, Text(line)).ConfigureAwait(false);
        if (kind is not null)
        {
            await xml.WriteStartElementAsync(null, kind, null).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "message", null, message).ConfigureAwait(false);
            if (kind != "skipped" && details is not null)
            {
                await xml.WriteStringAsync(details).ConfigureAwait(false);
            }

            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
