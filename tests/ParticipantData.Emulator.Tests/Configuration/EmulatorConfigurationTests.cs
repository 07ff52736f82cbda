using System.Net;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Configuration;

public sealed class EmulatorConfigurationTests
{
    private const string Full = """
        port: 0
        seed: 3
        rateLimit: 5
        tokenRateLimit: 0
        tokenLifetime: 90s
        endedConversationWrites: accept
        lifecycle: {ivrSeconds: 5, enabled: false}
        clients:
          - {id: app, secret: app-secret}
          - id: reader
            secret: "1234"
            permissions: ["conversation:communication:view"]
          - {id: nobody, secret: x, permissions: []}
        conversations:
          - id: 7c9e6679-7425-40de-944b-e07fc1f90ae7
            mediaType: call
            participants:
              - {purpose: customer, id: 16fd2706-8baf-433b-82eb-8c7fada847da, attributes: {tier: gold, score: "720"}}
              - {purpose: ivr}
          - mediaType: message
        """;

    [Fact]
    public void Every_setting_is_read()
    {
        var options = EmulatorConfiguration.Parse(Full);

        options.Seed.ShouldBe(3);
        options.SeedIdsFromSeed.ShouldBeTrue();
        options.RequestsPerMinute.ShouldBe(5);
        options.TokenRequestsPerMinute.ShouldBe(0);
        options.TokenLifetime.ShouldBe(TimeSpan.FromSeconds(90));
        options.EndedConversationWrites.ShouldBe(EndedConversationWrites.Accept);
        options.Lifecycle.ShouldBeNull();
        options.Clients.Select(c => c.ClientId).ShouldBe(["app", "reader", "nobody"]);
        options.Clients[0].Permissions.ShouldBe(["*"]);
        options.Clients[1].ClientSecret.ShouldBe("1234");
        options.Clients[2].Permissions.ShouldBeEmpty();
        options.SeedConversations.ShouldBeTrue();
        options.SeededConversations.Count.ShouldBe(2);
        options.SeededConversations[0].Participants![0].Attributes!["score"].ShouldBe("720");
    }

    [Fact]
    public async Task A_configured_emulator_serves_the_fixed_ids_attributes_and_permissions()
    {
        var options = EmulatorConfiguration.Parse(Full);
        await using var emu = await TestEmulator.StartAsync(o => EmulatorConfiguration.Parse(Full, into: o));
        var readerToken = await emu.TokenAsync(options.Clients[1]);
        var nobodyToken = await emu.TokenAsync(options.Clients[2]);

        using var read = await emu.GetAsync("/api/v2/conversations/7c9e6679-7425-40de-944b-e07fc1f90ae7", readerToken);
        using var denied = await emu.GetAsync("/api/v2/conversations/7c9e6679-7425-40de-944b-e07fc1f90ae7", nobodyToken);

        var call = await read.JsonObjectAsync();
        call["participants"]![0]!["id"].Str().ShouldBe("16fd2706-8baf-433b-82eb-8c7fada847da");
        call["participants"]![0]!["attributes"]!["tier"].Str().ShouldBe("gold");
        await denied.ShouldBeErrorAsync(403, "missing.permissions", "conversation:communication:view");
        emu.Host.Conversations[1].MediaType.ShouldBe("message");
    }

    [Theory]
    [InlineData("rateLimt: 5", "emulator.yaml: rateLimt: is not a setting (did you mean 'rateLimit'?)")]
    [InlineData("rateLimit: -1", "emulator.yaml: rateLimit: [-1] must be a whole number (0 or more).")]
    [InlineData("port: 70000", "emulator.yaml: port: [70000] must be a whole number (0 or more) up to 65535.")]
    [InlineData("tokenLifetime: soon", "emulator.yaml: tokenLifetime: [\"soon\"] must be a positive duration")]
    [InlineData("clients: []", "emulator.yaml: clients: must be a list of at least one client")]
    [InlineData("clients: [{id: a}]", "emulator.yaml: clients[0].secret: is required")]
    [InlineData("clients: [{id: a, secret: b, role: admin}]", "emulator.yaml: clients[0].role: is not a client setting")]
    [InlineData("clients: [{id: a, secret: b, permissions: admin}]", "emulator.yaml: clients[0].permissions: must be a list of permission strings")]
    [InlineData("conversations: [{mediaType: fax}]", "emulator.yaml: conversations[0]: Value [fax] is not valid for field type [mediaType]")]
    [InlineData("conversations: [{participants: [{purpose: customer, attributes: {score: 720}}]}]", "emulator.yaml: conversations[0]: Value [720] of attribute [score] is not valid for field type [string]")]
    [InlineData("conversations: [{id: guest}]", "emulator.yaml: conversations[0]: id [guest] is not a UUID")]
    [InlineData("faultPlan: nowhere.json", "emulator.yaml: faultPlan: the file 'nowhere.json' does not exist")]
    [InlineData("lifecycle: {ivrSecs: 5}", "emulator.yaml: ")]
    [InlineData("clients:\n  - id: a\n   secret: b", "emulator.yaml:3:4: the YAML is malformed: ")]
    public void A_bad_file_says_where_and_what_is_wrong(string yaml, string message)
    {
        var error = Should.Throw<FormatException>(() => EmulatorConfiguration.Parse(yaml));

        error.Message.ShouldStartWith(message);
        error.Message.ShouldNotContain("Idx:");
    }

    [Fact]
    public void A_fault_plan_file_is_read_relative_to_the_configuration()
    {
        var dir = Directory.CreateTempSubdirectory("pdata-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "plan.json"), """{"name": "mine", "rules": [{"route": "/api/**", "action": {"type": "status", "status": 503}}]}""");

            var options = EmulatorConfiguration.Parse("faultPlan: plan.json", baseDirectory: dir);

            options.FaultPlan!.Name.ShouldBe("mine");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_empty_list_of_conversations_starts_empty_and_an_empty_file_changes_nothing()
    {
        EmulatorConfiguration.Parse("conversations: []", into: new EmulatorOptions { SeedConversations = true }).SeedConversations.ShouldBeFalse();
        EmulatorConfiguration.Parse("# nothing\n", into: new EmulatorOptions { Port = 5080 }).Port.ShouldBe(5080);
    }
}
