using System.Text.Json;

namespace ParticipantData.Cli.Tests.Explain;

public sealed class ExplainCommandTests
{
    [Theory]
    [InlineData("409", "409 conflict: Another write changed the conversation", "write again (the attribute PATCH is a merge, so retrying is safe)")]
    [InlineData("conflict", "409 conflict: Another write changed the conversation", "write again")]
    [InlineData("429", "429 too.many.requests: The OAuth client used up its request budget (300 per minute", "slow down or spread work across time")]
    [InlineData("permissions", "403 missing.permissions: The OAuth client's roles lack a permission", "Add the listed permission(s) to a role of the OAuth client")]
    [InlineData("NOT.FOUND", "404 not.found: No such conversation or participant", "there is no PATCH /api/v2/conversations/{conversationId}")]
    public async Task Explain_prints_what_the_error_means_and_what_to_do(string query, string meaning, string hint)
    {
        var cli = new CliRunner();

        (await cli.RunAsync("explain", query)).ShouldBe(0, cli.Error);

        cli.Out.ShouldContain(meaning);
        cli.Out.ShouldContain("what to do: ");
        cli.Out.ShouldContain(hint);
    }

    [Fact]
    public async Task Explain_gives_the_hint_the_cli_shows_for_that_error()
    {
        await using var host = await ParticipantData.Emulator.EmulatorHost.StartAsync();
        var connected = CliRunner.For(host);
        (await connected.RunAsync("conversation", "get", Guid.NewGuid().ToString(), "--json")).ShouldBe(4);
        var explain = new CliRunner();

        (await explain.RunAsync("explain", "404", "--json")).ShouldBe(0);

        using var error = JsonDocument.Parse(connected.Out);
        using var explained = JsonDocument.Parse(explain.Out);
        explained.RootElement.GetProperty("errors")[0].GetProperty("hint").GetString()
            .ShouldBe(error.RootElement.GetProperty("error").GetProperty("hint").GetString());
    }

    [Fact]
    public async Task An_unknown_status_or_code_is_a_usage_error_listing_the_known_ones()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("explain", "418")).ShouldBe(2);

        cli.Error.ShouldContain("error: '418' is not a status or error code pdata knows.");
        cli.Error.ShouldContain("hint: Known: 400 bad.request, 400 invalid.value");
        cli.Error.ShouldContain("409 conflict");
    }
}
