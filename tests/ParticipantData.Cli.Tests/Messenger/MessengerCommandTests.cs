using System.Text.Json.Nodes;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Messenger;

public sealed class MessengerCommandTests
{
    [Fact]
    public async Task Messenger_send_creates_a_conversation_whose_customer_reads_the_attribute_through_attributes_get()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { WebMessaging = { DeploymentIds = { "my-deployment" } } });
        var send = CliRunner.For(emulator);

        var code = await send.RunAsync("messenger", "send", "--deployment", "my-deployment", "--attr", "loyalty_tier=gold", "--attr", "case=42", "hi");

        code.ShouldBe(0, send.Error);
        var conversationId = send.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        emulator.Conversations.ShouldHaveSingleItem().Id.ShouldBe(conversationId);
        var get = CliRunner.For(emulator);
        (await get.RunAsync("attributes", "get", conversationId, "--json")).ShouldBe(0, get.Error);
        var attributes = JsonNode.Parse(get.Out)!["attributes"]!;
        attributes["loyalty_tier"]!.GetValue<string>().ShouldBe("gold");
        attributes["case"]!.GetValue<string>().ShouldBe("42");
    }

    [Fact]
    public async Task Messenger_send_json_names_the_conversation_and_the_attributes_sent()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(emulator);

        (await cli.RunAsync("messenger", "send", "--attr", "tier=gold", "--json", "hello")).ShouldBe(0, cli.Error);

        var view = JsonNode.Parse(cli.Out)!;
        view["conversationId"]!.GetValue<string>().ShouldBe(emulator.Conversations.Single().Id);
        view["deploymentId"]!.GetValue<string>().ShouldBe(WebMessagingOptions.DefaultDeploymentId);
        view["customAttributes"]!["tier"]!.GetValue<string>().ShouldBe("gold");
    }

    [Fact]
    public async Task Attributes_one_byte_over_the_limit_fail_with_4013_and_a_hint_and_exit_4()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { WebMessaging = { MaxCustomDataBytes = 16 } });
        var cli = CliRunner.For(emulator);

        // "loyalty_tier" (12) + "gold" (4) = 16: at the limit; "golds" is one byte over.
        (await cli.RunAsync("messenger", "send", "--attr", "loyalty_tier=golds", "hi")).ShouldBe(4);
        cli.Error.ShouldContain("code 4013: Error: Custom attributes exceed allowed max size of 16 bytes.");
        cli.Error.ShouldContain("hint: Shorten the custom attributes");
        emulator.Conversations.ShouldBeEmpty();
        (await CliRunner.For(emulator).RunAsync("messenger", "send", "--attr", "loyalty_tier=gold", "hi")).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_deployment_fails_with_the_ids_the_emulator_accepts()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(emulator);

        (await cli.RunAsync("messenger", "send", "--deployment", "nope", "hi")).ShouldBe(4);

        cli.Error.ShouldContain("Deployment [nope] is not configured on this emulator");
        cli.Error.ShouldContain(WebMessagingOptions.DefaultDeploymentId);
        cli.Error.ShouldContain("hint: Check --deployment");
    }

    [Fact]
    public async Task A_bad_attribute_pair_is_a_usage_error()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(emulator);

        (await cli.RunAsync("messenger", "send", "--attr", "no-equals-sign", "hi")).ShouldBe(2);
        cli.Error.ShouldContain("error:");
    }
}
