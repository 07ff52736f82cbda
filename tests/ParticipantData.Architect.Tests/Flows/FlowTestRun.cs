using ParticipantData.Architect.Flows;

namespace ParticipantData.Architect.Tests.Flows;

/// <summary>Loads a flow from YAML text and runs it once on in-memory participant data.</summary>
internal static class FlowTestRun
{
    public static async Task<(FlowRunResult Result, InMemoryParticipantData Data)> RunAsync(
        string yaml,
        IReadOnlyDictionary<string, string>? attributes = null,
        IDataActionEndpoint? dataActions = null,
        DataActionCatalog? catalog = null,
        IReadOnlyDictionary<string, string>? changesDuringFlow = null,
        string? ani = null,
        params string[] variables)
    {
        var flow = Flow.Parse(yaml, "test.yaml", catalog);
        var data = new InMemoryParticipantData(attributes, "c-1") { ChangesDuringFlow = changesDuringFlow };
        var input = new FlowRunInput
        {
            ParticipantData = data,
            DataActions = dataActions,
            Ani = ani,
            ConversationId = "c-1",
            Variables = variables.Select(VariableAssignments.Parse).ToList(),
        };
        var result = await new FlowSimulator(flow, catalog).RunAsync(input, CancellationToken.None);
        return (result, data);
    }

    /// <summary>An inboundCall flow whose one task holds <paramref name="actions"/> (indented as under 'actions:').</summary>
    public static string InboundCall(string actions, string variables = "", string extra = "") => $"""
        inboundCall:
          name: Test Flow
          division: Home
          startUpRef: "/inboundCall/tasks/task[Main Task_10]"
          defaultLanguage: en-us
        {Indent(variables, 2)}
        {Indent(extra, 2)}
          tasks:
            - task:
                name: Main Task
                refId: Main Task_10
                actions:
        {Indent(actions, 10)}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));
}
