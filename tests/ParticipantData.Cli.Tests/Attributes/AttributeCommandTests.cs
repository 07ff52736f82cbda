using System.Collections;
using System.Text.Json;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Attributes;

public sealed class AttributeCommandTests
{
    [Fact]
    public async Task Set_then_get_round_trips_on_the_customer_through_the_api()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", conversation.Id, "loyalty_tier=gold", "note=call back after 5")).ShouldBe(0, cli.Error);
        cli.Out.ShouldContain("Wrote 2 attributes");
        cli.Out.ShouldContain("Applied in");
        cli.Out.ShouldContain("0 conflicts (409) and 0 throttles (429) absorbed");

        var reader = CliRunner.For(host);
        (await reader.RunAsync("attributes", "get", conversation.Id, "--purpose", "customer", "--json")).ShouldBe(0, reader.Error);
        using var doc = JsonDocument.Parse(reader.Out);
        doc.RootElement.GetProperty("purpose").GetString().ShouldBe("customer");
        doc.RootElement.GetProperty("attributes").GetProperty("loyalty_tier").GetString().ShouldBe("gold");
        doc.RootElement.GetProperty("attributes").GetProperty("note").GetString().ShouldBe("call back after 5");
    }

    [Fact]
    public async Task Set_by_participant_id_writes_to_that_participant()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var ivr = conversation.Participants.Single(p => p.Purpose == "ivr");
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", conversation.Id, "--participant", ivr.Id, "menu=billing")).ShouldBe(0, cli.Error);

        host.Conversations.Single().Participants.Single(p => p.Id == ivr.Id).Attributes["menu"].ShouldBe("billing");
    }

    [Fact]
    public async Task A_loopback_api_url_without_credentials_uses_the_emulators_default_client()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("message"));
        var cli = new CliRunner();

        (await cli.RunAsync("attributes", "get", conversation.Id, "--api-url", host.BaseUri.ToString())).ShouldBe(0, cli.Error);

        cli.Error.ShouldContain("using the emulator's default client");
        cli.Out.ShouldContain("(no attributes)");
    }

    [Fact]
    public async Task Set_absorbs_conflicts_and_throttling_and_says_how_many()
    {
        var plan = FaultPlan.Parse("""
            {"rules": [
              {"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "requests": [1, 2], "action": {"type": "status", "status": 409}},
              {"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "requests": [3], "action": {"type": "status", "status": 429, "retryAfterSeconds": 0}}
            ]}
            """);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultPlan = plan });
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", conversation.Id, "loyalty_tier=gold", "--verify", "read-back")).ShouldBe(0, cli.Error);

        cli.Out.ShouldContain("Applied and read back");
        cli.Out.ShouldContain("2 conflicts (409) and 1 throttle (429) absorbed");
        host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes["loyalty_tier"].ShouldBe("gold");
    }

    [Fact]
    public async Task Set_on_an_ended_conversation_exits_4_saying_the_write_did_not_apply()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var customer = conversation.Participants.Single(p => p.Purpose == "customer").Id;
        await host.DisconnectConversationAsync(conversation.Id);
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", conversation.Id, "--participant", customer, "loyalty_tier=gold")).ShouldBe(4, cli.Out);

        cli.Error.ShouldContain("The write did not apply");
        cli.Error.ShouldContain("400");
    }

    [Fact]
    public async Task Set_that_did_not_apply_under_json_writes_the_shared_error_envelope()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var customer = conversation.Participants.Single(p => p.Purpose == "customer").Id;
        await host.DisconnectConversationAsync(conversation.Id);
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", conversation.Id, "--participant", customer, "loyalty_tier=gold", "--json")).ShouldBe(4, cli.Error);

        using var doc = JsonDocument.Parse(cli.Out);
        var error = doc.RootElement.GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("rejected");
        error.GetProperty("exitCode").GetInt32().ShouldBe(4);
        error.GetProperty("message").GetString()!.ShouldContain("The write did not apply");
    }

    [Fact]
    public async Task Set_that_cannot_apply_within_its_deadline_exits_5_with_the_conflicts_absorbed()
    {
        var plan = FaultPlan.Parse("""
            {"rules": [{"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "action": {"type": "status", "status": 409}}]}
            """);
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { FaultPlan = plan });
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", conversation.Id, "loyalty_tier=gold", "--deadline", "300ms")).ShouldBe(5, cli.Out);

        cli.Error.ShouldContain("The write did not apply");
        cli.Error.ShouldContain("conflicts (409)");
        cli.Error.ShouldContain("longer --deadline");
    }

    [Theory]
    [InlineData(new[] { "attributes", "set", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "loyalty_tier" }, "'loyalty_tier' is not key=value.")]
    [InlineData(new[] { "attributes", "set", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "=gold" }, "'=gold' is not key=value.")]
    [InlineData(new[] { "attributes", "get", "guest" }, "'guest' is not a conversation id.")]
    [InlineData(new[] { "attributes", "get", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "--participant", "x", "--purpose", "agent" }, "either --participant or --purpose")]
    [InlineData(new[] { "attributes", "get", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "--participant", "guest" }, "'guest' is not a participant id.")]
    [InlineData(new[] { "attributes", "set", "3fa85f64-5717-4562-b3fc-2c963f66afa6" }, "Required argument 'key=value' missing")]
    [InlineData(new[] { "attributes", "set", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "k=v", "--deadline", "soon" }, "--deadline 'soon' is not a duration.")]
    [InlineData(new[] { "attributes", "set", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "k=v", "--verify", "twice" }, "twice")]
    public async Task Bad_input_exits_2_saying_what_was_wrong_and_what_to_do(string[] args, string expected)
    {
        var cli = new CliRunner(new Hashtable { ["GENESYSCLOUD_API_URL"] = "http://127.0.0.1:1" });

        var exit = await cli.RunAsync(args);

        exit.ShouldBe(2);
        cli.Error.ShouldContain(expected);
        cli.Error.ShouldContain("hint:");
        cli.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task An_unknown_conversation_exits_4_with_the_platform_error_and_context_id()
    {
        await using var host = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(host);

        var exit = await cli.RunAsync("attributes", "get", Guid.NewGuid().ToString());

        exit.ShouldBe(4);
        cli.Error.ShouldContain("404 not.found");
        cli.Error.ShouldContain("contextId:");
        cli.Error.ShouldContain("hint:");
    }

    [Fact]
    public async Task A_missing_permission_exits_4_and_names_the_permission_to_add()
    {
        var restricted = new EmulatorOAuthClient("restricted", "restricted-secret", []);
        var options = new EmulatorOptions();
        options.Clients.Add(restricted);
        await using var host = await EmulatorHost.StartAsync(options);
        var conversation = await host.CreateConversationAsync();
        var cli = CliRunner.For(host, restricted);

        var exit = await cli.RunAsync("conversation", "get", conversation.Id);

        exit.ShouldBe(4);
        cli.Error.ShouldContain("403 missing.permissions");
        cli.Error.ShouldContain("Add the permission(s) conversation:communication:view to a role of the OAuth client");
    }

    [Fact]
    public async Task A_wrong_secret_exits_3_without_printing_the_secret()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync();
        var cli = new CliRunner(new Hashtable
        {
            ["GENESYSCLOUD_API_URL"] = host.BaseUri.ToString(),
            ["GENESYSCLOUD_OAUTHCLIENT_ID"] = host.DefaultClient.ClientId,
            ["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "wrong-secret-0815",
        });

        var exit = await cli.RunAsync("conversation", "get", conversation.Id);

        exit.ShouldBe(3);
        cli.Error.ShouldContain("Could not obtain an access token: 401 invalid_client");
        cli.Error.ShouldContain("GENESYSCLOUD_OAUTHCLIENT_SECRET");
        (cli.Out + cli.Error).ShouldNotContain("wrong-secret-0815");
    }

    [Fact]
    public async Task Half_a_set_of_credentials_exits_3_saying_which_is_missing()
    {
        var cli = new CliRunner(new Hashtable { ["GENESYSCLOUD_OAUTHCLIENT_ID"] = "id", ["GENESYSCLOUD_REGION"] = "eu-west-1" });

        var exit = await cli.RunAsync("attributes", "get", Guid.NewGuid().ToString());

        exit.ShouldBe(3);
        cli.Error.ShouldContain("GENESYSCLOUD_OAUTHCLIENT_SECRET must both be set");
    }

    [Theory]
    [InlineData("guest")]
    [InlineData("customer")]
    public async Task A_participant_called_guest_gets_the_purpose_customer_hint(string name)
    {
        var cli = new CliRunner();

        (await cli.RunAsync("attributes", "set", Guid.NewGuid().ToString(), "--participant", name, "tier=gold")).ShouldBe(2);

        cli.Error.ShouldContain($"error: '{name}' is not a participant id.");
        cli.Error.ShouldContain($"hint: There is no participant called '{name}': the web-messaging guest (or the caller) is the participant whose purpose is customer; use --purpose customer.");
    }
}
