using ParticipantData.Architect.DataActions;
using YamlDotNet.RepresentationModel;

namespace ParticipantData.Architect.Flows;

/// <summary>The first pass: the variables a flow declares, the built-ins of its type and the outputs Archy creates on first use.</summary>
internal sealed partial class FlowLoader
{
    private static readonly string[] CallBuiltIns =
        ["Call.Ani", "Call.CalledAddress", "Call.CalledAddressOriginal", "Call.ConversationId", "Call.ExternalTag", "Call.Language", "Call.CustomerExternalOrganizationId"];

    private static readonly string[] MessageBuiltIns = ["Message.ConversationId", "Message.Language", "Message.ExternalTag"];

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

    private void Implicit(string name, ArchitectType type)
    {
        if (!_declared.Contains(name) && !_types.TryGetType(name, out _))
        {
            _types.Declare(name, type);
            _implicit.Add((name, type));
        }
    }
}
