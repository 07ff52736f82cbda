using ParticipantData.Architect.Flows;
using static ParticipantData.Architect.Tests.Flows.FlowTestRun;

namespace ParticipantData.Architect.Tests.Flows;

public sealed class FlowSimulatorTests
{
    private const string TierVariable = """
        variables:
          - stringVariable:
              name: Flow.tier
              initialValue:
                noValue: true
        """;

    [Fact]
    public async Task Get_participant_data_reads_the_attribute_into_its_variable_and_a_missing_one_is_NOT_SET()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - getParticipantData:
                name: Get tier
                attributes:
                  - attribute:
                      name:
                        lit: loyalty_tier
                      variable: Flow.tier
                  - attribute:
                      name:
                        lit: absent
                      variable: Flow.other
            - disconnect:
                name: Bye
            """, TierVariable), new Dictionary<string, string> { ["loyalty_tier"] = "gold" });

        var step = result.Steps[0];
        step.Kind.ShouldBe("getParticipantData");
        step.Read.ShouldBe([new AttributeAccess("loyalty_tier", "gold"), new AttributeAccess("absent", null)]);
        step.Variables.ShouldBe([new VariableChange("Flow.tier", "gold"), new VariableChange("Flow.other", "NOT_SET")]);
        result.Variables["Flow.tier"].ShouldBe("gold");
        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Disconnected);
    }

    [Fact]
    public async Task Set_participant_data_writes_the_value_of_its_expression_to_the_conversation()
    {
        var (result, data) = await RunAsync(InboundCall("""
            - setParticipantData:
                name: Store tier
                attributes:
                  - attribute:
                      name:
                        lit: loyalty_tier
                      value:
                        exp: Append("gol", "d")
                  - attribute:
                      name:
                        lit: score
                      value:
                        exp: 3 + 4
            - disconnect:
                name: Bye
            """));

        result.Steps[0].Written.ShouldBe([new AttributeAccess("loyalty_tier", "gold"), new AttributeAccess("score", "7")]);
        data.Attributes["loyalty_tier"].ShouldBe("gold");
        data.Attributes["score"].ShouldBe("7");
    }

    [Fact]
    public async Task Update_data_assigns_typed_variables_in_order()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - updateData:
                name: Compute
                statements:
                  - integer:
                      variable: Flow.count
                      value:
                        lit: 5
                  - integer:
                      variable: Flow.count
                      value:
                        exp: Flow.count + 1
                  - string:
                      variable: Flow.label
                      value:
                        exp: Flow.count
            - disconnect:
                name: Bye
            """, """
            variables:
              - integerVariable:
                  name: Flow.count
                  initialValue:
                    lit: 0
              - stringVariable:
                  name: Flow.label
                  initialValue:
                    noValue: true
            """));

        result.Steps[0].Variables.ShouldBe([new VariableChange("Flow.count", "5"), new VariableChange("Flow.count", "6"), new VariableChange("Flow.label", "6")]);
    }

    [Theory]
    [InlineData("gold", "yes", "Gold")]
    [InlineData("silver", "no", "Standard")]
    public async Task Decision_takes_yes_or_no_and_transfer_to_acd_gives_the_queue(string tier, string path, string queue)
    {
        var (result, _) = await RunAsync(InboundCall("""
            - decision:
                name: Is gold?
                condition:
                  exp: Flow.tier == "gold"
                outputs:
                  yes:
                    actions:
                      - transferToAcd:
                          name: To Gold
                          targetQueue:
                            lit:
                              name: Gold
                          priority:
                            lit: 5
                  "no":
                    actions:
                      - transferToAcd:
                          name: To Standard
                          targetQueue:
                            exp: FindQueue("Standard")
            """, TierVariable), variables: $"Flow.tier={tier}");

        result.Steps[0].Path.ShouldBe(path);
        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Transferred);
        result.Outcome.Queue.ShouldBe(queue);
        result.Outcome.Priority.ShouldBe(tier == "gold" ? 5 : 0);
    }

    [Theory]
    [InlineData("gold", "case 1", "Gold")]
    [InlineData("silver", "case 2", "Silver")]
    [InlineData("bronze", "default", "Standard")]
    public async Task Switch_first_true_takes_the_first_true_case_else_the_default(string tier, string path, string queue)
    {
        var (result, _) = await RunAsync(InboundCall("""
            - switch:
                name: Route on tier
                evaluate:
                  firstTrue:
                    default:
                      actions:
                        - transferToAcd:
                            name: To Standard
                            targetQueue: {lit: {name: Standard}}
                    cases:
                      - case:
                          value:
                            exp: Flow.tier == "gold"
                          actions:
                            - transferToAcd:
                                name: To Gold
                                targetQueue: {lit: {name: Gold}}
                                acdSkills:
                                  - lit: {name: VIP}
                                  - exp: Append("Lang", "EN")
                      - case:
                          value:
                            exp: Flow.tier == "silver" or Flow.tier == "gold"
                          actions:
                            - transferToAcd:
                                name: To Silver
                                targetQueue: {lit: {name: Silver}}
            """, TierVariable), variables: $"Flow.tier={tier}");

        result.Steps[0].Kind.ShouldBe("switch");
        result.Steps[0].Path.ShouldBe(path);
        result.Outcome.Queue.ShouldBe(queue);
        if (tier == "gold")
        {
            result.Outcome.Skills.ShouldBe(["VIP", "LangEN"]);
        }
    }

    [Fact]
    public async Task Loop_sets_its_index_and_loop_exit_leaves_it()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - loop:
                name: Count
                currentIndex:
                  var: Task.i
                loopCount:
                  lit: 5
                outputs:
                  loop:
                    actions:
                      - updateData:
                          name: Add
                          statements:
                            - integer:
                                variable: Flow.sum
                                value:
                                  exp: Flow.sum + Task.i
                      - decision:
                          name: Enough?
                          condition:
                            exp: Task.i >= 2
                          outputs:
                            yes:
                              actions:
                                - loopExit:
                                    name: Stop
            - disconnect:
                name: Bye
            """, """
            variables:
              - integerVariable:
                  name: Flow.sum
                  initialValue:
                    lit: 0
            """));

        result.Variables["Flow.sum"].ShouldBe("3");
        result.Steps.Count(s => s.Kind == "loop").ShouldBe(3);
        result.Steps.ShouldContain(s => s.Kind == "loopExit");
        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Disconnected);
    }

    [Fact]
    public async Task Jump_to_task_moves_on_and_call_task_returns_after_end_task()
    {
        const string Yaml = """
            inboundCall:
              name: Jumps
              startUpRef: "/inboundCall/tasks/task[First_1]"
              variables:
                - stringVariable:
                    name: Flow.trail
                    initialValue:
                      lit: ""
              tasks:
                - task:
                    name: First
                    refId: First_1
                    actions:
                      - callTask:
                          name: Call helper
                          targetTaskRef: "/inboundCall/tasks/task[Helper_2]"
                      - updateData:
                          name: After call
                          statements:
                            - string:
                                variable: Flow.trail
                                value:
                                  exp: Flow.trail + "b"
                      - jumpToTask:
                          name: Go on
                          targetTaskRef: "/inboundCall/tasks/task[Last_3]"
                      - updateData:
                          name: Never
                          statements:
                            - string:
                                variable: Flow.trail
                                value:
                                  lit: never
                - task:
                    name: Helper
                    refId: Helper_2
                    actions:
                      - updateData:
                          name: In helper
                          statements:
                            - string:
                                variable: Flow.trail
                                value:
                                  exp: Flow.trail + "a"
                      - endTask:
                          name: Return
                - task:
                    name: Last
                    refId: Last_3
                    actions:
                      - updateData:
                          name: In last
                          statements:
                            - string:
                                variable: Flow.trail
                                value:
                                  exp: Flow.trail + "c"
            """;
        var (result, _) = await RunAsync(Yaml);

        result.Variables["Flow.trail"].ShouldBe("abc");
        result.Steps.Select(s => s.Task).Distinct().ShouldBe(["First", "Helper", "Last"]);
        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Disconnected);
        result.Outcome.Description.ShouldContain("ended");
    }

    [Fact]
    public async Task An_action_that_is_not_simulated_is_traced_and_takes_its_default_path()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - playAudio:
                name: Welcome
                audio:
                  tts: Hello
            - evaluateScheduleGroup:
                name: Open?
                outputs:
                  open:
                    actions:
                      - transferToAcd:
                          name: To Open
                          targetQueue: {lit: {name: Open}}
                  closed:
                    actions:
                      - disconnect:
                          name: Closed
            """));

        result.Steps[0].Simulated.ShouldBeFalse();
        result.Steps[0].Note.ShouldBe("not simulated");
        result.Steps[1].Simulated.ShouldBeFalse();
        result.Steps[1].Note.ShouldBe("not simulated: takes its 'open' path");
        result.Outcome.Queue.ShouldBe("Open");
    }

    [Fact]
    public async Task A_runtime_error_takes_the_flows_error_handling_path()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - updateData:
                name: Add
                statements:
                  - integer:
                      variable: Flow.total
                      value:
                        exp: 5 + Flow.MyInteger
            - transferToAcd:
                name: Never reached
                targetQueue: {lit: {name: Gold}}
            """, """
            variables:
              - integerVariable:
                  name: Flow.MyInteger
                  initialValue:
                    noValue: true
              - integerVariable:
                  name: Flow.total
                  initialValue:
                    noValue: true
            """, """
            settingsErrorHandling:
              errorHandling:
                transferToAcd:
                  targetQueue:
                    lit:
                      name: Errors
            """));

        var failed = result.Steps.Single(s => s.Failed);
        failed.Action.ShouldBe("Add");
        failed.Path.ShouldBe("error");
        failed.Note!.ShouldContain("NOT_SET");
        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Error);
        result.Outcome.Queue.ShouldBe("Errors");
        result.Outcome.Error!.ShouldContain("Add failed");
    }

    [Fact]
    public async Task A_NOT_SET_decision_condition_is_a_runtime_error_and_the_default_error_handling_disconnects()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - decision:
                name: Flag?
                condition:
                  exp: Flow.flag
                outputs:
                  yes:
                    actions:
                      - disconnect:
                          name: Yes
            """, """
            variables:
              - booleanVariable:
                  name: Flow.flag
                  initialValue:
                    noValue: true
            """));

        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Error);
        result.Outcome.Description.ShouldBe("error handling: disconnect");
        result.Steps.Single().Note.ShouldBe("the condition Flow.flag is NOT_SET");
    }

    [Fact]
    public async Task A_loop_that_never_ends_stops_at_the_step_limit_with_an_error()
    {
        var (result, _) = await RunAsync("""
            inboundCall:
              name: Forever
              startUpRef: "/inboundCall/tasks/task[A]"
              tasks:
                - task:
                    name: A
                    actions:
                      - jumpToTask:
                          name: Again
                          targetTaskRef: "/inboundCall/tasks/task[A]"
            """);

        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Error);
        result.Outcome.Error!.ShouldContain("never ends");
    }

    [Fact]
    public async Task A_voice_flow_writes_back_what_it_read_over_a_value_written_from_outside_while_it_ran()
    {
        var (result, data) = await RunAsync(InboundCall("""
            - getParticipantData:
                name: Get tier
                attributes:
                  - attribute:
                      name: {lit: loyalty_tier}
                      variable: Flow.tier
            - transferToAcd:
                name: To Gold
                targetQueue: {lit: {name: Gold}}
            """, TierVariable),
            new Dictionary<string, string> { ["loyalty_tier"] = "gold" },
            changesDuringFlow: new Dictionary<string, string> { ["loyalty_tier"] = "platinum" });

        var writeBack = result.WriteBacks.ShouldHaveSingleItem();
        writeBack.ShouldBe(new WriteBack("loyalty_tier", "gold", "platinum"));
        writeBack.Overwrote.ShouldBeTrue();
        data.Attributes["loyalty_tier"].ShouldBe("gold");
    }

    [Fact]
    public async Task A_voice_flow_that_never_reads_participant_data_writes_nothing_back()
    {
        var (result, data) = await RunAsync(InboundCall("""
            - disconnect:
                name: Bye
            """), new Dictionary<string, string> { ["loyalty_tier"] = "gold" },
            changesDuringFlow: new Dictionary<string, string> { ["loyalty_tier"] = "platinum" });

        result.WriteBacks.ShouldBeEmpty();
        data.Attributes["loyalty_tier"].ShouldBe("platinum");
    }

    [Fact]
    public async Task Call_builtins_come_from_the_input()
    {
        var (result, _) = await RunAsync(InboundCall("""
            - setParticipantData:
                name: Caller
                attributes:
                  - attribute:
                      name: {lit: caller}
                      value:
                        exp: Right(Call.Ani, 12)
            - disconnect:
                name: Bye
            """), ani: "tel:+13175550100");

        result.Steps[0].Written.ShouldBe([new AttributeAccess("caller", "+13175550100")]);
    }
}
