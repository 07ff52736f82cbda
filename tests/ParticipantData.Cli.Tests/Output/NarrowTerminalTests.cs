namespace ParticipantData.Cli.Tests.Output;

/// <summary>On a narrow terminal, messages wrap between words (never inside one) and carets stay under their column.</summary>
public sealed class NarrowTerminalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pdata-narrow-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<int> Widths => new() { 40, 60 };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_long_usage_error_and_its_hint_wrap_between_words(int width)
    {
        var cli = new CliRunner(width: width);

        (await cli.RunAsync("check", Path.Combine(_dir, "a-rules-file-with-a-rather-long-name.yaml"), "--attributes", "-")).ShouldBe(2);

        AssertWrappedBetweenWords(cli.Error, width,
            $"error: The rules file '{Path.Combine(_dir, "a-rules-file-with-a-rather-long-name.yaml")}' does not exist.",
            "hint: Pass the path of a routing rules YAML file; see docs/architect.md for the format.");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task The_embedded_emulator_hint_keeps_the_export_line_whole(int width)
    {
        var cli = new CliRunner(width: width);

        (await cli.RunAsync("attributes", "get", "3fa85f64-5717-4562-b3fc-2c963f66afa6")).ShouldBe(4);

        var words = Words(cli.Error);
        words.ShouldContain("GENESYSCLOUD_API_URL=http://127.0.0.1:5080");
        Lines(cli.Error).ShouldAllBe(l => l.Length <= width || !l.Trim().Contains(' ', StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_syntax_error_keeps_its_caret_under_the_column_it_points_at(int width)
    {
        var expression = "Flow.customerTier == \"gold\" or Flow.customerSegment == \"enterprise\" && Flow.open";
        var cli = new CliRunner(width: width);

        (await cli.RunAsync("eval", expression, "--var", "Flow.customerTier=gold", "--var", "Flow.customerSegment=x", "--var", "Flow.open=true")).ShouldBe(2);

        AssertCaretUnder(cli.Error, expression, expression.IndexOf("&&", StringComparison.Ordinal));
        AssertWrappedBetweenWords(cli.Error.Replace(expression, "", StringComparison.Ordinal), width,
            "syntax error at 1:69: expected 'and' ('&&' and '&' are not Architect operators)",
            "hint: fix the expression at the caret; the syntax is Architect's (docs/architect.md).");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_type_error_keeps_its_caret_under_the_column_it_points_at(int width)
    {
        var expression = "Flow.customerTier == \"gold\" or Flow.customerSegment == \"enterprise\" or Flow.score > 700";
        var cli = new CliRunner(width: width);

        (await cli.RunAsync("eval", expression, "--var", "Flow.customerTier=gold", "--var", "Flow.customerSegment=x", "--var", "Flow.score=\"720\"")).ShouldBe(2);

        AssertCaretUnder(cli.Error, expression, expression.IndexOf("> 700", StringComparison.Ordinal));
        AssertWrappedBetweenWords(cli.Error.Replace(expression, "", StringComparison.Ordinal), width,
            "'>' orders two numbers, Strings, DateTimes or Durations, but Flow.score is a String and 700 is an Integer: convert with ToInt(Flow.score) or ToString(700)");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Check_keeps_the_caret_of_a_syntax_error_and_of_a_type_error_under_their_columns(int width)
    {
        var rules = Path.Combine(_dir, "rules.yaml");
        await File.WriteAllTextAsync(rules, """
            getParticipantData:
              score: Flow.score
            decisions:
              - name: syntax
                condition: Flow.score == "700" && Flow.score != "800"
              - name: type
                condition: Flow.score > 700
            """);
        var cli = new CliRunner(stdin: """{"score": "720"}""", width: width);

        (await cli.RunAsync("check", rules, "--attributes", "-")).ShouldBe(2);

        AssertCaretUnder(cli.Out, "Flow.score == \"700\" && Flow.score != \"800\"", "Flow.score == \"700\" ".Length);
        AssertCaretUnder(cli.Out, "Flow.score > 700", "Flow.score ".Length);
        var prose = string.Join('\n', Lines(cli.Out).Where(l => !l.Contains('│', StringComparison.Ordinal) && l.Trim() is not ("Flow.score > 700" or "Flow.score == \"700\" && Flow.score != \"800\"")));
        AssertWrappedBetweenWords(prose, width,
            "1:12: '>' orders two numbers, Strings, DateTimes or Durations, but Flow.score is a String and 700 is an Integer: convert with ToInt(Flow.score) or ToString(700)",
            "rules.yaml:4: ERROR decision \"syntax\": the expression does not compile");
    }

    private static string[] Lines(string text) => text.Replace("\r", "", StringComparison.Ordinal).Split('\n');

    private static string[] Words(string text) => text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every word of each message is whole in the output, and no line is wider than the terminal unless it is one word.</summary>
    private static void AssertWrappedBetweenWords(string output, int width, params string[] messages)
    {
        var words = Words(output);
        foreach (var word in messages.SelectMany(Words))
        {
            words.ShouldContain(word, $"'{word}' was split across lines:\n{output}");
        }

        foreach (var line in Lines(output))
        {
            (line.Length <= width || !line.Trim().Contains(' ', StringComparison.Ordinal)).ShouldBeTrue($"a line is wider than {width} columns:\n{line}");
        }
    }

    /// <summary>The expression is printed whole on one line, and the next line's caret is under <paramref name="column"/> of it.</summary>
    private static void AssertCaretUnder(string output, string expression, int column)
    {
        var lines = Lines(output);
        var at = Array.FindIndex(lines, l => l.TrimEnd().EndsWith(expression, StringComparison.Ordinal));
        at.ShouldBeGreaterThanOrEqualTo(0, $"the expression is not on one line:\n{output}");
        var start = lines[at].Length - lines[at].TrimEnd().Length + lines[at].TrimEnd().Length - expression.Length;
        var caret = lines[at + 1];
        caret.TrimEnd().ShouldEndWith("^", customMessage: output);
        caret.TrimEnd().Length.ShouldBe(start + column + 1, $"the caret is not under column {column + 1}:\n{output}");
    }
}
