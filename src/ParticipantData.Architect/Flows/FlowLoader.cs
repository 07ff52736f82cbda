using ParticipantData.Architect.DataActions;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Flows;

/// <summary>
/// Reads Archy YAML (architect.md A.9–A.11) in two passes: first every variable the flow declares or names as an
/// output (Archy creates those on first use), then the actions, compiling each expression once against those types.
/// </summary>
internal sealed partial class FlowLoader
{
    private static readonly string[] FlowTypes =
        ["inboundCall", "inqueueCall", "outboundCall", "inboundShortMessage", "inboundMessage", "inboundEmail", "workflow", "commonModule", "bot", "digitalBot"];

    private static readonly string[] DefaultPathOrder = ["default", "success", "yes", "found", "loop"];

    private readonly YamlReading _yaml;
    private readonly DataActionCatalog _catalog;
    private readonly VariableTypes _types = new();
    private readonly HashSet<string> _declared = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _dataActions = [];
    private readonly SortedSet<string> _notSimulated = new(StringComparer.Ordinal);
    private readonly List<(string Name, ArchitectType Type)> _implicit = [];

    public FlowLoader(string source, DataActionCatalog catalog)
    {
        _yaml = new YamlReading(source);
        _catalog = catalog;
    }

    public Flow Load(string text)
    {
        var root = _yaml.LoadRoot(text, $"an Archy flow: a mapping with one key, the flow type ({string.Join(", ", FlowTypes)})");
        var (flowType, body) = _yaml.Single(root, "an Archy flow");
        if (!FlowTypes.Contains(flowType, StringComparer.Ordinal))
        {
            throw _yaml.Error(root, $"'{flowType}' is not an Archy flow type; expected one of {string.Join(", ", FlowTypes)}.");
        }

        var flow = _yaml.Map(body, flowType);
        DeclareBuiltIns(flowType);
        var variables = new List<(string Name, YamlMappingNode Declaration, ArchitectType Type)>();
        DeclareVariables(flow, variables);
        var containers = Containers(flow).ToList();
        foreach (var (_, map) in containers)
        {
            DeclareVariables(map, variables);
        }

        DeclareOutputs(flow, null);

        var initial = variables
            .Select(v => (v.Name, YamlReading.Get(v.Declaration, "initialValue") is { } init ? Value(init, v.Type, v.Name + " initialValue") : FlowValue.NoValue(v.Type)))
            .ToList();
        initial.AddRange(_implicit.Select(v => (v.Name, FlowValue.NoValue(v.Type))));

        var tasks = new Dictionary<string, FlowTask>(StringComparer.Ordinal);
        foreach (var (kind, map) in containers)
        {
            var name = _yaml.OptionalScalar(map, "name") ?? throw _yaml.Error(map, $"a {kind} needs a name.");
            var refId = _yaml.OptionalScalar(map, "refId") ?? name;
            var task = new FlowTask(name, refId, Actions(_yaml.OptionalSequence(map, "actions")));
            tasks[refId] = task;
            tasks.TryAdd(name, task);
        }

        var startRef = _yaml.OptionalScalar(flow, "startUpRef")
            ?? throw _yaml.Error(flow, $"{flowType} has no startUpRef: name the first task, e.g. startUpRef: \"/{flowType}/tasks/task[Main Task_10]\".");
        var flowName = _yaml.OptionalScalar(flow, "name") ?? "(unnamed flow)";
        var errorHandling = ErrorHandling(flow, flowType);
        var result = new Flow(flowType, flowName, null!, tasks, _types, initial, errorHandling, _dataActions.Distinct(StringComparer.Ordinal).ToList(), [.. _notSimulated]);
        if (!result.TryResolve(startRef, out var start))
        {
            var node = YamlReading.Get(flow, "startUpRef")!;
            throw startRef.Contains("/menus/", StringComparison.Ordinal)
                ? _yaml.Error(node, $"startUpRef '{startRef}' starts in a menu; menus are not simulated. Start the flow in a task that holds the participant-data logic.")
                : _yaml.Error(node, $"startUpRef '{startRef}' names no task or state of this flow (known: {string.Join(", ", tasks.Values.Select(t => t.RefId).Distinct())}).");
        }

        return new Flow(flowType, flowName, start, tasks, _types, initial, errorHandling, result.DataActions, result.NotSimulated);
    }

    private IEnumerable<(string Kind, YamlMappingNode Map)> Containers(YamlMappingNode flow)
    {
        foreach (var (list, item) in new[] { ("tasks", "task"), ("states", "state") })
        {
            foreach (var entry in _yaml.OptionalSequence(flow, list)?.Children ?? [])
            {
                var (key, value) = _yaml.Single(entry, $"an entry of {list}");
                if (!string.Equals(key, item, StringComparison.Ordinal))
                {
                    throw _yaml.Error(entry, $"{list} holds '- {item}:' entries, not '{key}'.");
                }

                yield return (item, _yaml.Map(value, item));
            }
        }
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Pairs(YamlMappingNode? map) =>
        map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private string Variable(YamlNode node, string what)
    {
        var text = _yaml.Scalar(node, what);
        return VariableName.TryNormalize(text, out var name, out var error) ? name : throw _yaml.Error(node, error);
    }

    private FlowAction[] Actions(YamlSequenceNode? sequence)
    {
        if (sequence is null)
        {
            return [];
        }

        var actions = new FlowAction[sequence.Children.Count];
        for (var i = 0; i < actions.Length; i++)
        {
            var (kind, body) = _yaml.Single(sequence.Children[i], "an action");
            var map = body as YamlMappingNode ?? new YamlMappingNode();
            actions[i] = Action(kind, map, _yaml.OptionalScalar(map, "name") ?? kind, YamlReading.Position(sequence.Children[i]));
        }

        return actions;
    }

    private FlowAction Action(string kind, YamlMappingNode body, string name, string at) => kind switch
    {
        "getParticipantData" => new GetDataAction(kind, name, at, Reads(body), null, Outputs(body)),
        "getConversationData" => new GetDataAction(kind, name, at, Reads(body), Required(body, "conversationId", ArchitectType.String, kind), Outputs(body)),
        "setParticipantData" => new SetDataAction(kind, name, at, Writes(body), null, Outputs(body)),
        "setConversationData" => new SetDataAction(kind, name, at, Writes(body), Required(body, "conversationId", ArchitectType.String, kind), Outputs(body)),
        "updateData" => new UpdateDataAction(name, at, Statements(body)),
        "decision" => new DecisionAction(name, at, Required(body, "condition", ArchitectType.Boolean, kind), Output(body, "yes"), Output(body, "no")),
        "switch" => Switch(body, name, at),
        "loop" => new LoopAction(name, at, OutputVariable(body, "currentIndex"), Required(body, "loopCount", ArchitectType.Integer, kind), Output(body, "loop")),
        "loopExit" or "loopNext" or "endTask" or "endState" or "endWorkflow" or "disconnect" => new ControlAction(kind, name, at),
        "jumpToTask" or "jumpToReusableTask" => new JumpAction(kind, name, at, Reference(body, "targetTaskRef", kind), Returns: false),
        "changeState" => new JumpAction(kind, name, at, Reference(body, "targetStateRef", kind), Returns: false),
        "callTask" => new JumpAction(kind, name, at, Reference(body, "targetTaskRef", kind), Returns: true),
        "transferToAcd" => Transfer(body, name, at),
        "callData" => CallData(body, name, at),
        _ => NotSimulated(kind, body, name, at),
    };

    private NotSimulatedAction NotSimulated(string kind, YamlMappingNode body, string name, string at)
    {
        _notSimulated.Add(kind);
        var outputs = _yaml.OptionalMap(body, "outputs");
        if (outputs is null || outputs.Children.Count == 0)
        {
            return new NotSimulatedAction(kind, name, at, null, []);
        }

        var keys = outputs.Children.Keys.Select(k => _yaml.Scalar(k, "outputs")).ToList();
        var path = DefaultPathOrder.FirstOrDefault(p => keys.Contains(p, StringComparer.Ordinal)) ?? keys[0];
        return new NotSimulatedAction(kind, name, at, path, Output(body, path));
    }

    private List<AttributeRead> Reads(YamlMappingNode body) =>
        Attributes(body).Select(a => new AttributeRead(
            Required(a, "name", ArchitectType.String, "attribute"),
            Variable(YamlReading.Get(a, "variable") ?? throw _yaml.Error(a, "an attribute of Get Participant Data needs a variable, e.g. variable: Flow.tier"), "variable"))).ToList();

    private List<AttributeWrite> Writes(YamlMappingNode body) =>
        Attributes(body).Select(a => new AttributeWrite(
            Required(a, "name", ArchitectType.String, "attribute"),
            Required(a, "value", ArchitectType.String, "attribute"))).ToList();

    private IEnumerable<YamlMappingNode> Attributes(YamlMappingNode body)
    {
        foreach (var entry in _yaml.OptionalSequence(body, "attributes")?.Children ?? [])
        {
            var (key, value) = _yaml.Single(entry, "an entry of attributes");
            yield return key == "attribute" ? _yaml.Map(value, "attribute") : throw _yaml.Error(entry, $"attributes holds '- attribute:' entries, not '{key}'.");
        }
    }

    private List<UpdateStatement> Statements(YamlMappingNode body)
    {
        var statements = new List<UpdateStatement>();
        foreach (var entry in _yaml.OptionalSequence(body, "statements")?.Children ?? [])
        {
            var (typeName, value) = _yaml.Single(entry, "a statement of updateData");
            var statement = _yaml.Map(value, typeName);
            var target = Variable(YamlReading.Get(statement, "variable") ?? throw _yaml.Error(statement, "a statement needs a variable"), "variable");
            var type = _types.TryGetType(target, out var declared) ? declared : throw _yaml.Error(statement, $"{target} is not declared");
            statements.Add(new UpdateStatement(target, Required(statement, "value", type, target)));
        }

        return statements;
    }

    private SwitchAction Switch(YamlMappingNode body, string name, string at)
    {
        var evaluate = _yaml.OptionalMap(body, "evaluate") ?? throw _yaml.Error(body, "a switch needs evaluate: {firstTrue: {cases: [...], default: {...}}}");
        var firstTrue = _yaml.OptionalMap(evaluate, "firstTrue")
            ?? throw _yaml.Error(evaluate, "only the firstTrue evaluation style is simulated (its Archy form is the only one documented; matchExpression is not, see architect.md A.10).");
        var cases = new List<SwitchCase>();
        foreach (var entry in _yaml.OptionalSequence(firstTrue, "cases")?.Children ?? [])
        {
            var (key, value) = _yaml.Single(entry, "a case");
            var map = key == "case" ? _yaml.Map(value, "case") : throw _yaml.Error(entry, $"cases holds '- case:' entries, not '{key}'.");
            cases.Add(new SwitchCase(Required(map, "value", ArchitectType.Boolean, "case"), Actions(_yaml.OptionalSequence(map, "actions"))));
        }

        if (cases.Count is 0 or > 64)
        {
            throw _yaml.Error(firstTrue, $"a switch has 1 to 64 cases besides the default (architect.md A.10); this one has {cases.Count}.");
        }

        var defaultActions = _yaml.OptionalMap(firstTrue, "default") is { } d ? Actions(_yaml.OptionalSequence(d, "actions")) : [];
        return new SwitchAction(name, at, cases, defaultActions);
    }

    private TransferToAcdAction Transfer(YamlMappingNode body, string name, string at)
    {
        var queueNode = YamlReading.Get(body, "targetQueue") ?? throw _yaml.Error(body, "transferToAcd needs a targetQueue, e.g. targetQueue: {lit: {name: Gold}}");
        var skills = new List<FlowValue>();
        foreach (var entry in _yaml.OptionalSequence(body, "acdSkills")?.Children ?? [])
        {
            var node = entry is YamlMappingNode m && m.Children.Count == 1 && YamlReading.Get(m, "lit") is null && YamlReading.Get(m, "exp") is null
                ? m.Children.First().Value
                : entry;
            skills.Add(Named(node, "acdSkills"));
        }

        return new TransferToAcdAction(
            name,
            at,
            Named(queueNode, "targetQueue"),
            YamlReading.Get(body, "priority") is { } p ? Value(p, ArchitectType.Integer, "priority") : null,
            skills,
            YamlReading.Get(body, "languageSkill") is { } l ? Named(l, "languageSkill") : null,
            Output(body, "failure"));
    }

    private CallDataAction CallData(YamlMappingNode body, string name, string at)
    {
        var bodies = DataActionBodies(body).ToList();
        if (bodies.Count != 1)
        {
            throw _yaml.Error(body, "callData needs category: {<category>: {dataAction: {<action name>: {inputs: ..., successOutputs: ..., failureOutputs: ...}}}} with exactly one data action.");
        }

        var (actionName, action, definition) = bodies[0];
        var category = _yaml.Scalar(_yaml.OptionalMap(body, "category")!.Children.First().Key, "category");
        _dataActions.Add(actionName);
        var inputs = new List<(string, FlowValue)>();
        foreach (var (k, v) in Pairs(_yaml.OptionalMap(action, "inputs")))
        {
            var input = _yaml.Scalar(k, "inputs");
            inputs.Add((input, Value(v, DataActionCatalog.SchemaType(definition?.InputSchema, input) ?? ArchitectType.String, input)));
        }

        return new CallDataAction(
            name,
            at,
            category,
            actionName,
            inputs,
            DataActionOutputs(action, "successOutputs"),
            DataActionOutputs(action, "failureOutputs"),
            YamlReading.Get(body, "timeout") is { } t ? Value(t, ArchitectType.Duration, "timeout") : null,
            Output(body, "success"),
            Output(body, "failure"),
            Output(body, "timeout"));
    }

    private List<DataActionOutput> DataActionOutputs(YamlMappingNode action, string group)
    {
        var outputs = new List<DataActionOutput>();
        foreach (var (k, v) in Pairs(_yaml.OptionalMap(action, group)))
        {
            if (v is YamlMappingNode m && YamlReading.Get(m, "var") is { } target)
            {
                outputs.Add(new DataActionOutput(_yaml.Scalar(k, group), Variable(target, group)));
            }
        }

        return outputs;
    }

    private FlowErrorHandling ErrorHandling(YamlMappingNode flow, string flowType)
    {
        var handling = (_yaml.OptionalMap(flow, "settingsErrorHandling") is { } settings ? _yaml.OptionalMap(settings, "errorHandling") : null)
            ?? _yaml.OptionalMap(flow, "errorHandling");
        if (handling is null || handling.Children.Count == 0)
        {
            return new FlowErrorHandling(flowType == "workflow" ? "endWorkflow" : "disconnect", null);
        }

        var (kind, value) = _yaml.Single(handling, "errorHandling");
        return kind == "transferToAcd"
            ? new FlowErrorHandling(kind, Transfer(_yaml.Map(value, kind), "Error handling", YamlReading.Position(handling)))
            : new FlowErrorHandling(kind, null);
    }

    private string? OutputVariable(YamlMappingNode body, string key) =>
        _yaml.OptionalMap(body, key) is { } map && YamlReading.Get(map, "var") is { } v ? Variable(v, key) : null;

    private string Reference(YamlMappingNode body, string key, string kind) =>
        _yaml.OptionalScalar(body, key) ?? throw _yaml.Error(body, $"{kind} needs {key}, e.g. {key}: \"/inboundCall/tasks/task[Other Task_11]\"");

    private Dictionary<string, FlowAction[]> Outputs(YamlMappingNode body) =>
        Pairs(_yaml.OptionalMap(body, "outputs"))
            .Select(o => _yaml.Scalar(o.Key, "outputs"))
            .ToDictionary(name => name, name => Output(body, name), StringComparer.Ordinal);

    private FlowAction[] Output(YamlMappingNode body, string output)
    {
        if (_yaml.OptionalMap(body, "outputs") is not { } outputs || YamlReading.Get(outputs, output) is not { } node)
        {
            return [];
        }

        return node switch
        {
            YamlSequenceNode list => Actions(list),
            YamlMappingNode map => Actions(_yaml.OptionalSequence(map, "actions")),
            _ => [],
        };
    }
}
