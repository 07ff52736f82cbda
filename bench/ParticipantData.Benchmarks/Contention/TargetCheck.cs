using System.Globalization;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>One target of issue 11, as measured in this run.</summary>
internal sealed record TargetCheck(string Scenario, string Target, string Measured, bool Met)
{
    public const string MarkdownHeader = "| scenario | target | measured | met |\n|---|---|---|---|";

    public static IEnumerable<TargetCheck> ForDefault(IReadOnlyList<StrategyReport> rows)
    {
        var writer = rows.FirstOrDefault(r => r.Name == "writer");
        var naive = rows.FirstOrDefault(r => r.Name == "naive");
        if (writer is null)
        {
            yield break;
        }

        yield return new("default", "writer 100% succeeded, 0 lost updates", F($"{writer.SucceededPercent:0.0}%, {writer.LostUpdates} lost"), writer.SucceededPercent >= 100 && writer.LostUpdates == 0);
        yield return new("default", "≤ 1.05 API requests per logical write", F($"{writer.RequestsPerWrite:0.000}"), writer.RequestsPerWrite <= 1.05);
        if (naive is not null)
        {
            var ratio = naive.P99 == TimeSpan.Zero ? double.PositiveInfinity : writer.P99 / naive.P99;
            yield return new("default", "writer p99 ≤ 0.1 × naive's", F($"{writer.P99.TotalMilliseconds:0} ms vs {naive.P99.TotalMilliseconds:0} ms = {ratio:0.00}×"), ratio <= 0.1);
        }
    }

    public static IEnumerable<TargetCheck> ForBudget(IReadOnlyList<StrategyReport> rows)
    {
        if (rows.FirstOrDefault(r => r.Name == "writer") is not { } writer)
        {
            yield break;
        }

        yield return new("budget", "writer ≥ 99% succeeded", F($"{writer.SucceededPercent:0.0}%"), writer.SucceededPercent >= 99);
        yield return new("budget", "0 lost updates", F($"{writer.LostUpdates}"), writer.LostUpdates == 0);
        yield return new("budget", "0 429s received", F($"{writer.Throttles}"), writer.Throttles == 0);
        yield return new("budget", "≥ 10 logical writes per API request", F($"{writer.WritesPerRequest:0.0} ({writer.LogicalWrites} writes, {writer.Requests} requests)"), writer.WritesPerRequest >= 10);
    }

    public static IEnumerable<TargetCheck> ForCallStart(IReadOnlyList<CallStartReport> rows)
    {
        if (rows.FirstOrDefault(r => r.Name == "writer") is not { } writer)
        {
            yield break;
        }

        yield return new("call-start", "100% of calls have the value applied", F($"{writer.AppliedPercent:0.0}% of {writer.Calls}"), writer.AppliedPercent >= 100);
        yield return new("call-start", "p99 arrival → applied ≤ 2 s", F($"{writer.P99.TotalMilliseconds:0} ms"), writer.P99 <= TimeSpan.FromSeconds(2));
        yield return new("call-start", "0 overwritten at the end of the call", F($"{writer.WrongAtEnd}"), writer.WrongAtEnd == 0);
    }

    public string ToMarkdownRow() => $"| {Scenario} | {Target} | {Measured} | {(Met ? "yes" : "**no**")} |";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
