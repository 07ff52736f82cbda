using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Architect.Flows;
using ParticipantData.Emulator.Lifecycle;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Lifecycle;

/// <summary><c>pdata emulator --lifecycle --flow</c>: a user's Archy flow runs in each call's IVR phase.</summary>
public sealed class UserFlowTests
{
    private const string FlowYaml = """
        inboundCall:
          name: Loyalty
          startUpRef: "/inboundCall/tasks/task[Main]"
          tasks:
            - task:
                name: Main
                actions:
                  - getParticipantData:
                      name: Get customer
                      attributes:
                        - attribute:
                            name: {lit: customer_id}
                            variable: Flow.customerId
                  - callData:
                      name: Look up tier
                      category:
                        Loyalty:
                          dataAction:
                            Get Loyalty Tier:
                              inputs:
                                customerId: {exp: Flow.customerId}
                              successOutputs:
                                tier: {var: Flow.tier}
                      outputs:
                        success:
                          actions:
                            - setParticipantData:
                                name: Store tier
                                attributes:
                                  - attribute:
                                      name: {lit: loyalty_tier}
                                      value: {exp: Flow.tier}
                  - switch:
                      name: Route
                      evaluate:
                        firstTrue:
                          default:
                            actions:
                              - transferToAcd:
                                  name: To General
                                  targetQueue: {lit: {name: General Support}}
                          cases:
                            - case:
                                value: {exp: Flow.tier == "Gold"}
                                actions:
                                  - transferToAcd:
                                      name: To Gold
                                      targetQueue: {lit: {name: Gold Support}}
        """;

    private static LifecycleOptions Options(string tier) => new()
    {
        Jitter = 0,
        IvrDuration = TimeSpan.FromSeconds(10),
        QueueDuration = TimeSpan.FromSeconds(5),
        DtmfInterval = TimeSpan.Zero,
        FlowWriteInterval = TimeSpan.Zero,
        HoldInterval = TimeSpan.Zero,
        FlowReadDelay = TimeSpan.FromSeconds(1),
        Flow = new ArchitectIvrFlow(Flow.Parse(FlowYaml, "flow.yaml"), DataActionCatalog.Empty, new ScenarioDataActionEndpoint
        {
            Responses = new Dictionary<string, ScriptedResponse> { ["Get Loyalty Tier"] = new(200, $$"""{"tier": "{{tier}}"}""", TimeSpan.Zero) },
        }),
    };

    [Theory]
    [InlineData("Gold", "Gold Support")]
    [InlineData("Bronze", "General Support")]
    public async Task The_flow_writes_through_the_store_and_its_transfer_names_the_queue(string tier, string queue)
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(
            Participants: [new NewParticipant("customer", "Caller", new Dictionary<string, string> { ["customer_id"] = "C-1" })],
            Lifecycle: Options(tier)));
        var token = await emu.TokenAsync();

        clock.Advance(TimeSpan.FromSeconds(1));
        var inIvr = await GetAsync(emu, created.Id, token);
        clock.Advance(TimeSpan.FromSeconds(9));
        var inQueue = await GetAsync(emu, created.Id, token);

        inIvr.Participant("customer")["attributes"]!["loyalty_tier"].Str().ShouldBe(tier);
        inQueue.Participant("acd")["name"].Str().ShouldBe(queue);
        emu.Host.Statistics.FlowWrites.ShouldBe(1);
    }

    [Fact]
    public async Task The_flows_write_back_overwrites_an_outside_write_when_the_ivr_ends_and_shows_in_the_statistics()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);
        var created = await emu.Host.CreateConversationAsync(new NewConversation(
            Participants: [new NewParticipant("customer", "Caller", new Dictionary<string, string> { ["customer_id"] = "C-1" })],
            Lifecycle: Options("Gold")));
        var token = await emu.TokenAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var call = await GetAsync(emu, created.Id, token);
        var customerId = call.ParticipantId("customer");

        var write = emu.PatchJsonAsync($"/api/v2/conversations/{created.Id}/participants/{customerId}/attributes", """{"attributes": {"customer_id": "C-2"}}""", token);
        await clock.WaitForTimerDueWithinAsync(EmulatorOptions.ContendedWriteServiceTime);
        clock.Advance(EmulatorOptions.ContendedWriteServiceTime);
        using (var response = await write)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        (await GetAsync(emu, created.Id, token)).Participant("customer")["attributes"]!["customer_id"].Str().ShouldBe("C-2");
        clock.Advance(TimeSpan.FromSeconds(9) - EmulatorOptions.ContendedWriteServiceTime);
        var after = await GetAsync(emu, created.Id, token);

        after.Participant("customer")["attributes"]!["customer_id"].Str().ShouldBe("C-1");
        (emu.Host.Statistics.FlowWriteBacks, emu.Host.Statistics.WriteBackOverwrites).ShouldBe((1L, 1L));
    }

    private static async Task<JsonObject> GetAsync(TestEmulator emu, string id, string token)
    {
        using var response = await emu.GetAsync("/api/v2/conversations/" + id, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.JsonObjectAsync();
    }
}
