using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Architect;

/// <summary><c>pdata eval --attributes/--conversation</c>: participant data reaches the expression as Strings, as in a flow.</summary>
public sealed class EvalParticipantDataTests
{
    [Fact]
    public async Task Attributes_from_stdin_are_strings_so_a_flow_s_comparison_needs_ToInt()
    {
        var converted = new CliRunner(stdin: """{"score": "720"}""");
        var rejected = new CliRunner(stdin: """{"score": "720"}""");
        var typed = new CliRunner();

        (await converted.RunAsync("eval", "ToInt(Flow.score) > 700", "--attributes", "-")).ShouldBe(0, converted.Error);
        (await rejected.RunAsync("eval", "Flow.score > 700", "--attributes", "-")).ShouldBe(2);
        (await typed.RunAsync("eval", "Flow.score > 700", "--var", "Flow.score=720")).ShouldBe(0); // --var keeps its typed literals

        converted.Out.ShouldStartWith("true (Boolean)");
        rejected.Error.ShouldContain("type error at 1:");
        rejected.Error.ShouldContain("String");
    }

    [Fact]
    public async Task A_var_of_the_same_name_wins_over_an_attribute()
    {
        var cli = new CliRunner(stdin: """{"tier": "silver"}""");

        (await cli.RunAsync("eval", "Flow.tier", "--attributes", "-", "--var", "Flow.tier=\"gold\"")).ShouldBe(0, cli.Error);

        cli.Out.ShouldStartWith("\"gold\" (String)");
    }

    [Fact]
    public async Task Conversation_reads_the_customer_s_participant_data_as_strings()
    {
        await using var host = await EmulatorHost.StartAsync();
        var call = await host.CreateConversationAsync(new NewConversation("call", [new NewParticipant("customer", Attributes: new Dictionary<string, string> { ["loyalty_tier"] = "gold", ["crm_score"] = "640" })]));
        var cli = CliRunner.For(host);

        (await cli.RunAsync("eval", "Flow.loyalty_tier == \"gold\" and ToInt(Flow.crm_score) < 700", "--conversation", call.Id)).ShouldBe(0, cli.Error);

        cli.Out.ShouldStartWith("true (Boolean)");
    }

    [Fact]
    public async Task Attributes_and_conversation_together_are_a_usage_error()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("eval", "1", "--attributes", "-", "--conversation", Guid.NewGuid().ToString())).ShouldBe(2);

        cli.Error.ShouldContain("Give --attributes or --conversation, not both.");
    }
}
