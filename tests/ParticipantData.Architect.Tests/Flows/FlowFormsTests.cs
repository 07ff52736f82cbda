using ParticipantData.Architect.Flows;
using static ParticipantData.Architect.Tests.Flows.FlowTestRun;

namespace ParticipantData.Architect.Tests.Flows;

/// <summary>
/// The Archy YAML forms of architect.md A.9–A.11 (as observed in the Genesys blueprints it cites: BP-PPA
/// EventOrchestrator_Workflow.yaml, BP-ANI blacklist.yaml, BP-DWMS DudeWheresMyStuffMessage.yaml, BLOG-CACHE), and load errors.
/// </summary>
public sealed class FlowFormsTests
{
    /// <summary>A workflow in the shape of BP-PPA's EventOrchestrator_Workflow.yaml / BP-ANI's blacklist.yaml: Get and Set Conversation Data.</summary>
    private const string Workflow = """
        workflow:
          name: Blacklist check
          division: Home
          startUpRef: "/workflow/states/state[Initial State_10]"
          defaultLanguage: en-us
          variables:
            - stringVariable:
                name: Flow.conversationId
                initialValue:
                  noValue: true
                isInput: true
          settingsErrorHandling:
            errorHandling:
              endWorkflow:
                none: true
          states:
            - state:
                name: Initial State
                refId: Initial State_10
                actions:
                  - getConversationData:
                      name: Get Conversation Data
                      conversationId:
                        exp: Flow.conversationId
                      participantId:
                        noValue: true
                      attributes:
                        - attribute:
                            name:
                              lit: paymentId
                            variable: Flow.paymentId
                      outputs:
                        found:
                          actions:
                            - setConversationData:
                                name: Mark
                                conversationId:
                                  exp: Flow.conversationId
                                participantId:
                                  noValue: true
                                attributes:
                                  - attribute:
                                      name:
                                        lit: TECH_Blacklisted
                                      value:
                                        lit: "True"
                                outputs:
                                  success:
                                    actions:
                                      - endWorkflow:
                                          name: End Workflow
        """;

    [Fact]
    public async Task Get_and_set_conversation_data_in_a_workflow_reach_the_named_conversation()
    {
        var (result, data) = await RunAsync(Workflow, new Dictionary<string, string> { ["paymentId"] = "p-9" }, variables: "Flow.conversationId=c-1");

        result.Steps[0].Path.ShouldBe("found");
        result.Variables["Flow.paymentId"].ShouldBe("p-9");
        result.Steps[1].Path.ShouldBe("success");
        data.Attributes["TECH_Blacklisted"].ShouldBe("True");
        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Ended);
        result.WriteBacks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Get_conversation_data_of_an_unknown_conversation_takes_no_found_path()
    {
        var (result, data) = await RunAsync(Workflow, variables: "Flow.conversationId=other");

        result.Steps.ShouldHaveSingleItem().Path.ShouldBe("notFound");
        data.Attributes.ContainsKey("TECH_Blacklisted").ShouldBeFalse();
    }

    [Fact]
    public async Task A_NOT_SET_conversation_id_ends_the_workflow_through_its_error_handling()
    {
        var (result, _) = await RunAsync(Workflow);

        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Error);
        result.Outcome.Description.ShouldBe("error handling: endWorkflow");
        result.Steps.Single().Note.ShouldBe("conversationId (Flow.conversationId) is NOT_SET");
    }

    /// <summary>An inbound message flow with the Switch of BP-DWMS (firstTrue, default first, cases with value/exp) and the A.9 Get/Set forms.</summary>
    [Fact]
    public async Task An_inbound_message_flow_in_the_blueprint_shape_runs()
    {
        const string Yaml = """
            inboundShortMessage:
              name: DudeWheresMyStuffMessage
              division: Home
              startUpRef: "/inboundShortMessage/states/state[Initial State_10]"
              defaultLanguage: en-us
              supportedLanguages:
                en-us:
                  defaultLanguageSkill:
                    noValue: true
              states:
                - state:
                    name: Initial State
                    refId: Initial State_10
                    variables:
                      - stringVariable:
                          name: State.TheIntent
                          initialValue:
                            noValue: true
                    actions:
                      - getParticipantData:
                          name: Get Participant Data
                          attributes:
                            - attribute:
                                name:
                                  lit: Context.CustomerFirstName
                                variable: Flow.CustomerFirstName
                            - attribute:
                                name:
                                  lit: intent
                                variable: State.TheIntent
                      - switch:
                          name: Switch
                          evaluate:
                            firstTrue:
                              default:
                                actions:
                                  - transferToAcd:
                                      name: Transfer to ACD
                                      targetQueue:
                                        lit:
                                          name: General
                              cases:
                                - case:
                                    value:
                                      exp: State.TheIntent=="Check Order Status"
                                    actions:
                                      - setParticipantData:
                                          name: Set Participant Data
                                          attributes:
                                            - attribute:
                                                name:
                                                  lit: paymentId
                                                value:
                                                  lit: "null"
                                      - transferToAcd:
                                          name: Transfer to Orders
                                          targetQueue:
                                            lit:
                                              name: Orders
            """;
        var (result, data) = await RunAsync(Yaml, new Dictionary<string, string> { ["intent"] = "Check Order Status", ["Context.CustomerFirstName"] = "Jane" });

        result.Variables["Flow.CustomerFirstName"].ShouldBe("Jane");
        result.Steps[1].Path.ShouldBe("case 1");
        data.Attributes["paymentId"].ShouldBe("null");
        result.Outcome.Queue.ShouldBe("Orders");
        result.WriteBacks.ShouldBeEmpty();
    }

    [Fact]
    public void A_bad_expression_is_reported_with_file_line_and_column()
    {
        var e = Should.Throw<FlowLoadException>(() => Flow.Parse(InboundCall("""
            - decision:
                name: Broken
                condition:
                  exp: Flow.tier == 
            """, """
            variables:
              - stringVariable:
                  name: Flow.tier
            """), "flow.yaml"));

        e.Message.ShouldStartWith("flow.yaml:");
        e.Message.ShouldContain("condition:");
    }

    [Fact]
    public void An_undeclared_variable_in_an_expression_is_a_load_error()
    {
        var e = Should.Throw<FlowLoadException>(() => Flow.Parse(InboundCall("""
            - decision:
                name: Unknown
                condition:
                  exp: Flow.nobody == "x"
            """), "flow.yaml"));

        e.Message.ShouldContain("Flow.nobody");
    }

    [Fact]
    public void A_start_ref_that_names_no_task_says_which_tasks_exist()
    {
        var e = Should.Throw<FlowLoadException>(() => Flow.Parse("""
            inboundCall:
              name: X
              startUpRef: "/inboundCall/tasks/task[Nope]"
              tasks:
                - task:
                    name: Main
                    refId: Main_1
                    actions: []
            """, "flow.yaml"));

        e.Message.ShouldContain("names no task or state of this flow (known: Main_1)");
    }

    [Fact]
    public void A_switch_in_match_expression_style_is_refused_with_the_reason()
    {
        var e = Should.Throw<FlowLoadException>(() => Flow.Parse(InboundCall("""
            - switch:
                name: S
                evaluate:
                  matchExpression:
                    expression: {exp: Flow.x}
            """), "flow.yaml"));

        e.Message.ShouldContain("only the firstTrue evaluation style is simulated");
    }

    [Fact]
    public void Not_a_flow_type_is_refused()
    {
        var e = Should.Throw<FlowLoadException>(() => Flow.Parse("inboundCal:\n  name: X\n", "flow.yaml"));
        e.Message.ShouldContain("'inboundCal' is not an Archy flow type");
    }

    [Fact]
    public void The_flow_lists_its_data_actions_and_the_action_kinds_it_does_not_simulate()
    {
        var flow = Flow.Parse(InboundCall("""
            - playAudio:
                name: Hi
            - callData:
                name: Lookup
                category:
                  Web Services:
                    dataAction:
                      Get Loyalty Tier:
                        inputs:
                          customerId: {lit: c-1}
            - disconnect:
                name: Bye
            """), "flow.yaml");

        flow.DataActions.ShouldBe(["Get Loyalty Tier"]);
        flow.NotSimulated.ShouldBe(["playAudio"]);
        flow.IsVoice.ShouldBeTrue();
    }
}
