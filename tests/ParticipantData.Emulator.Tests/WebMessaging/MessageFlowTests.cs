using System.Net;
using ParticipantData.Architect.Flows;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Emulator.WebMessaging;

namespace ParticipantData.Emulator.Tests.WebMessaging;

/// <summary>An inbound message flow (<see cref="WebMessagingOptions.Flow"/>) on the conversations that the guest WebSocket creates.</summary>
public sealed class MessageFlowTests
{
    private const string RoutingFlow = """
        inboundMessage:
          name: Messaging Routing
          startUpRef: "/inboundMessage/states/state[Route]"
          states:
            - state:
                name: Route
                actions:
                  - getParticipantData:
                      name: Read the custom attributes
                      attributes:
                        - attribute: {name: {lit: loyalty_tier}, variable: Flow.tier}
                  - setParticipantData:
                      name: Record the routing
                      attributes:
                        - attribute: {name: {lit: routed_tier}, value: {exp: 'If(IsSet(Flow.tier), Flow.tier, "none")'}}
                  - switch:
                      name: Route on tier
                      evaluate:
                        firstTrue:
                          default:
                            actions:
                              - transferToAcd: {name: To General, targetQueue: {lit: {name: General Support}}}
                          cases:
                            - case:
                                value: {exp: 'If(IsSet(Flow.tier), Flow.tier == "gold", false)'}
                                actions:
                                  - transferToAcd: {name: To Gold, targetQueue: {lit: {name: Gold Support}}}
        """;

    private static ArchitectMessageFlow Flow(string yaml = RoutingFlow) => new(ParticipantData.Architect.Flows.Flow.Parse(yaml, "flow.yaml"));

    [Fact]
    public async Task The_flow_reads_the_guest_s_custom_attributes_writes_through_the_store_and_routes_and_the_platform_side_sees_it()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.Flow = Flow());
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var answer = await guest.SendMessageAsync("hi", new Dictionary<string, string> { ["loyalty_tier"] = "gold" });

        var conversationId = answer["conversationId"].Str();
        using var response = await emu.GetAsync($"/api/v2/conversations/messages/{conversationId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversation = await response.JsonObjectAsync();
        var customer = conversation.Participant("customer");
        customer["attributes"]!["loyalty_tier"].Str().ShouldBe("gold");
        customer["attributes"]!["routed_tier"].Str().ShouldBe("gold");
        conversation.Participant("acd")["name"].Str().ShouldBe("Gold Support");
        // created, the guest's attributes, the flow's Set Participant Data, the transfer: one commit each.
        emu.Host.Services.Conversations.Find(conversationId)!.Version.ShouldBe(4);
        emu.Host.Statistics.FlowWrites.ShouldBe(1);

        using var dashboard = await emu.Http.GetAsync("/emulator/v1/dashboard");
        var state = await dashboard.JsonObjectAsync();
        var attributes = state["conversations"]!.AsArray().Single(c => c!["id"].Str() == conversationId)!["participants"]!.AsArray()
            .Single(p => p!["purpose"].Str() == "customer")!["attributes"]!.AsArray();
        var routed = attributes.Single(a => a!["key"].Str() == "routed_tier")!["history"]!.AsArray().ShouldHaveSingleItem()!;
        routed["source"].Str().ShouldBe("flow");
        routed["writer"].Str().ShouldBe("Inbound Message Flow");
        attributes.Single(a => a!["key"].Str() == "loyalty_tier")!["history"]![0]!["source"].Str().ShouldBe("guest");
    }

    [Fact]
    public async Task The_flow_runs_once_per_conversation_and_its_default_path_names_the_queue()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.Flow = Flow());
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var first = await guest.SendMessageAsync("hi", new Dictionary<string, string> { ["loyalty_tier"] = "silver" });
        await guest.SendMessageAsync("still there?", new Dictionary<string, string> { ["loyalty_tier"] = "gold" });

        var conversation = emu.Host.Conversations.ShouldHaveSingleItem();
        conversation.Id.ShouldBe(first["conversationId"].Str());
        conversation.Participants.Where(p => p.Purpose == "acd").ShouldHaveSingleItem().Name.ShouldBe("General Support");
        var customer = conversation.Participants.Single(p => p.Purpose == "customer");
        customer.Attributes["loyalty_tier"].ShouldBe("gold", "later messages still update the attributes");
        customer.Attributes["routed_tier"].ShouldBe("silver", "the flow ran on the first message only");
        emu.Host.Statistics.FlowWrites.ShouldBe(1);
    }

    [Fact]
    public async Task A_flow_that_disconnects_ends_the_conversation()
    {
        const string yaml = """
            inboundMessage:
              name: Closed
              startUpRef: "/inboundMessage/states/state[Main]"
              states:
                - state:
                    name: Main
                    actions:
                      - disconnect: {name: We are closed}
            """;
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.Flow = Flow(yaml));
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var answer = await guest.SendMessageAsync("hi");

        answer["code"]!.GetValue<int>().ShouldBe(200);
        var conversation = emu.Host.Conversations.ShouldHaveSingleItem();
        conversation.Ended.ShouldBeTrue();
        conversation.Participants.ShouldNotContain(p => p.Purpose == "acd");
    }

    [Fact]
    public async Task Without_a_flow_the_conversation_goes_straight_to_the_default_queue()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        await guest.SendMessageAsync("hi", new Dictionary<string, string> { ["loyalty_tier"] = "gold" });

        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "acd").Name.ShouldBe("Support");
        emu.Host.Statistics.FlowWrites.ShouldBe(0);
    }

    [Fact]
    public void A_voice_flow_given_for_messages_is_refused_saying_where_it_belongs()
    {
        var voice = ParticipantData.Architect.Flows.Flow.Parse("""
            inboundCall:
              name: Loyalty IVR
              startUpRef: "/inboundCall/tasks/task[Main]"
              tasks:
                - task:
                    name: Main
                    actions:
                      - disconnect: {name: Bye}
            """, "ivr.yaml");

        var error = Should.Throw<ArgumentException>(() => new ArchitectMessageFlow(voice));

        error.Message.ShouldStartWith("'Loyalty IVR' is an inboundCall flow, and web-messaging conversations run an inboundMessage flow. A voice flow runs in the IVR of lifecycle calls (LifecycleOptions.Flow, pdata emulator --lifecycle --flow).");
    }
}
