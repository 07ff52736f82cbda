using System.Text.RegularExpressions;
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

    private static readonly string[] CallBuiltIns =
        ["Call.Ani", "Call.CalledAddress", "Call.CalledAddressOriginal", "Call.ConversationId", "Call.ExternalTag", "Call.Language", "Call.CustomerExternalOrganizationId"];

    private static readonly string[] MessageBuiltIns = ["Message.ConversationId", "Message.Language", "Message.ExternalTag"];

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

    private void DeclareBuiltIns(string flowType)
    {
        var names = flowType switch
        {
            "inboundCall" or "inqueueCall" or "outboundCall" => CallBuiltIns,
            "inboundShortMessage" or "inboundMessage" => MessageBuiltIns,
            _ => [],
        };
        foreach (var name in names)
        {
            _types.Declare(name, ArchitectType.String);
        }

        if (flowType is "inboundShortMessage" or "inboundMessage")
        {
            _types.Declare("Message.IsNewConversation", ArchitectType.Boolean);
        }
    }

    private void DeclareVariables(YamlMappingNode map, List<(string, YamlMappingNode, ArchitectType)> variables)
    {
        foreach (var entry in _yaml.OptionalSequence(map, "variables")?.Children ?? [])
        {
            var (key, value) = _yaml.Single(entry, "a variable declaration");
            if (!ArchitectType.TryParse(key, out var type))
            {
                throw _yaml.Error(entry, $"'{key}' is not a variable type; write e.g. stringVariable, integerVariable, booleanVariable, stringCollectionVariable.");
            }

            var declaration = _yaml.Map(value, key);
            var name = Variable(YamlReading.Get(declaration, "name") ?? throw _yaml.Error(declaration, $"{key} needs a name, e.g. name: Flow.tier"), key);
            _types.Declare(name, type);
            _declared.Add(name);
            variables.Add((name, declaration, type));
        }
    }

    /// <summary>Archy creates a variable the first time an action names it as an output; declare those with the type the action gives.</summary>
    private void DeclareOutputs(YamlNode node, string? parentKey)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (parentKey == "callData")
                {
                    DeclareDataActionOutputs(map);
                }

                foreach (var (k, v) in map.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? "";
                    if (key == "variable" && parentKey == "attribute" && v is YamlScalarNode)
                    {
                        Implicit(Variable(v, "variable"), ArchitectType.String);
                    }
                    else if (key == "currentIndex" && parentKey == "loop" && v is YamlMappingNode index && YamlReading.Get(index, "var") is { } indexVar)
                    {
                        Implicit(Variable(indexVar, "currentIndex"), ArchitectType.Integer);
                    }
                    else if (parentKey == "statement" && ArchitectType.TryParse(key, out var type) && v is YamlMappingNode statement && YamlReading.Get(statement, "variable") is { } target)
                    {
                        Implicit(Variable(target, "variable"), type);
                    }

                    DeclareOutputs(v, key == "statements" ? "statements" : key);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    DeclareOutputs(item, parentKey == "statements" ? "statement" : parentKey);
                }

                break;
        }
    }

    private void DeclareDataActionOutputs(YamlMappingNode callData)
    {
        foreach (var (_, action, definition) in DataActionBodies(callData))
        {
            foreach (var (group, schema) in new[] { ("successOutputs", definition?.SuccessSchema), ("failureOutputs", null) })
            {
                if (_yaml.OptionalMap(action, group) is not { } outputs)
                {
                    continue;
                }

                foreach (var (k, v) in outputs.Children)
                {
                    if (v is YamlMappingNode m && YamlReading.Get(m, "var") is { } target)
                    {
                        var output = _yaml.Scalar(k, group);
                        Implicit(Variable(target, output), DataActionCatalog.SchemaType(schema, output) ?? ArchitectType.String);
                    }
                }
            }
        }
    }

    private IEnumerable<(string ActionName, YamlMappingNode Body, DataAction? Definition)> DataActionBodies(YamlMappingNode callData)
    {
        foreach (var (_, categoryNode) in Pairs(_yaml.OptionalMap(callData, "category")))
        {
            foreach (var (nameNode, body) in Pairs(_yaml.OptionalMap(_yaml.Map(categoryNode, "category"), "dataAction")))
            {
                var name = _yaml.Scalar(nameNode, "dataAction");
                _catalog.TryGet(name, out var definition);
                yield return (name, _yaml.Map(body, name), definition);
            }
        }
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Pairs(YamlMappingNode? map) =>
        map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private void Implicit(string name, ArchitectType type)
    {
        if (!_declared.Contains(name) && !_types.TryGetType(name, out _))
        {
            _types.Declare(name, type);
            _implicit.Add((name, type));
        }
    }

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

    /// <summary>A queue, skill or language: <c>{lit: {name: X}}</c>, <c>{lit: X}</c>, <c>{exp: FindQueue("X")}</c> or a String expression.</summary>
    private FlowValue Named(YamlNode node, string what)
    {
        if (node is YamlMappingNode map && YamlReading.Get(map, "lit") is YamlMappingNode lit)
        {
            var text = _yaml.OptionalScalar(lit, "name") ?? _yaml.OptionalScalar(lit, "id") ?? throw _yaml.Error(lit, $"{what}: lit needs a name, e.g. lit: {{name: Gold}}");
            return FlowValue.Literal(text, ArchitectValue.String(text));
        }

        if (node is YamlMappingNode expMap && YamlReading.Get(expMap, "exp") is YamlScalarNode { Value: { } exp } && FindCall().Match(exp) is { Success: true } found)
        {
            var text = found.Groups["name"].Value;
            return FlowValue.Literal(text, ArchitectValue.String(text));
        }

        return Value(node, ArchitectType.String, what);
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

    private FlowValue Required(YamlMappingNode body, string key, ArchitectType type, string what) =>
        Value(YamlReading.Get(body, key) ?? throw _yaml.Error(body, $"{what} needs {key}, e.g. {key}: {{exp: ...}} or {{lit: ...}}"), type, key);

    private FlowValue Value(YamlNode node, ArchitectType type, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return Literal(scalar, scalar.Value ?? "", type, what);
        }

        var map = _yaml.Map(node, what);
        if (YamlReading.Get(map, "exp") is { } exp)
        {
            var text = _yaml.Scalar(exp, "exp");
            if (!ArchitectExpression.TryParse(text, out var expression, out var diagnostics)
                || !expression.TryCompile(_types, type, out var compiled, out diagnostics))
            {
                throw _yaml.Error(exp, $"{what}: {string.Join("; ", diagnostics.Select(d => d.ToString()))}");
            }

            return FlowValue.Expression(compiled);
        }

        if (YamlReading.Get(map, "lit") is { } lit)
        {
            if (lit is YamlMappingNode parts && type.Kind == ArchitectTypeKind.Duration)
            {
                return FlowValue.Literal(Position(parts), ArchitectValue.Duration(Duration(parts)));
            }

            return Literal(lit, _yaml.Scalar(lit, what), type, what);
        }

        if (YamlReading.Get(map, "noValue") is not null)
        {
            return FlowValue.NoValue(type);
        }

        throw _yaml.Error(node, $"{what}: expected {{exp: <expression>}}, {{lit: <value>}} or {{noValue: true}}.");
    }

    private static string Position(YamlMappingNode parts) => string.Join(", ", parts.Children.Select(p => $"{p.Key} {p.Value}"));

    private TimeSpan Duration(YamlMappingNode parts)
    {
        var total = TimeSpan.Zero;
        foreach (var (k, v) in parts.Children)
        {
            var key = _yaml.Scalar(k, "duration");
            var amount = double.Parse(_yaml.Scalar(v, key), System.Globalization.CultureInfo.InvariantCulture);
            total += key switch
            {
                "days" => TimeSpan.FromDays(amount),
                "hours" => TimeSpan.FromHours(amount),
                "minutes" => TimeSpan.FromMinutes(amount),
                "seconds" => TimeSpan.FromSeconds(amount),
                "milliseconds" => TimeSpan.FromMilliseconds(amount),
                _ => throw _yaml.Error(k, $"'{key}' is not a duration part; use days, hours, minutes, seconds or milliseconds."),
            };
        }

        return total;
    }

    private FlowValue Literal(YamlNode node, string text, ArchitectType type, string what)
    {
        if (type.Kind == ArchitectTypeKind.String)
        {
            return FlowValue.Literal(text, ArchitectValue.String(text));
        }

        return VariableAssignments.TryParseValue(text, type, out var value, out var error)
            ? FlowValue.Literal(text, value)
            : throw _yaml.Error(node, $"{what}: {error}. For an expression write {{exp: '{text}'}}.");
    }

    [GeneratedRegex("""^\s*Find(Queue|Skill|Language)\s*\(\s*"(?<name>[^"]*)"\s*\)\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex FindCall();
}
