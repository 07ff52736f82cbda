using ParticipantData.Architect.Types;

namespace ParticipantData.Architect.Routing;

/// <summary>
/// The condition format of a popular tutorial:
/// <c>{"attribute_path": "{{participant.attributes.custom.priority_tier}}", "operator": "equals", "value": "platinum"}</c>.
/// It is read against the real, flat participant attribute map and turned into the Architect expression that does
/// the same thing, so users can see what to write in a flow.
/// </summary>
internal sealed record TutorialCondition(string AttributePath, string AttributeName, string? Namespace, string Operator, string Value)
{
    public static readonly IReadOnlyList<string> Operators = ["equals", "not_equals", "contains"];

    public string Variable => RuleNames.VariableFor(AttributeName);

    /// <summary>
    /// The Architect equivalent. <c>contains</c> is guarded because <c>Contains</c> does not accept NOT_SET
    /// (a missing attribute); <c>==</c> and <c>!=</c> compare NOT_SET without failing.
    /// </summary>
    public string Expression => Operator switch
    {
        "equals" => $"{Variable} == {ValueFormatting.QuoteString(Value)}",
        "not_equals" => $"{Variable} != {ValueFormatting.QuoteString(Value)}",
        _ => $"If(IsSet({Variable}), Contains({Variable}, {ValueFormatting.QuoteString(Value)}), false)",
    };

    /// <summary>Reads the three fields; returns an error message (what is wrong and what to write) or null.</summary>
    public static TutorialCondition Create(string? path, string? op, string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "a tutorial condition needs \"attribute_path\", e.g. \"{{participant.attributes.priority_tier}}\"";
            return null!;
        }

        var normalizedOp = (op ?? "").Trim().ToLowerInvariant();
        if (!Operators.Contains(normalizedOp))
        {
            error = $"unknown operator \"{op}\": expected {string.Join(", ", Operators.Select(o => "\"" + o + "\""))}";
            return null!;
        }

        if (value is null)
        {
            error = "a tutorial condition needs \"value\" (participant attribute values are strings)";
            return null!;
        }

        var inner = path.Trim();
        if (inner.StartsWith("{{", StringComparison.Ordinal) && inner.EndsWith("}}", StringComparison.Ordinal))
        {
            inner = inner[2..^2].Trim();
        }

        // The tutorials' roots: participant.attributes. (and the conversation.attributes. of another tutorial) over the one flat map.
        foreach (var prefix in (ReadOnlySpan<string>)["participant.attributes.", "participant.attribute.", "conversation.attributes.", "attributes."])
        {
            if (inner.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                inner = inner[prefix.Length..];
                break;
            }
        }

        string? ns = null;
        foreach (var prefix in (ReadOnlySpan<string>)["custom.", "system."])
        {
            if (inner.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                ns = prefix[..^1];
                inner = inner[prefix.Length..];
                break;
            }
        }

        if (inner.Length == 0)
        {
            error = $"\"{path}\" names no attribute: expected \"{{{{participant.attributes.<name>}}}}\"";
            return null!;
        }

        return new TutorialCondition(path, inner, ns, normalizedOp, value);
    }

    /// <summary>The warning for the made-up <c>custom</c>/<c>system</c> namespace, saying what to write instead.</summary>
    public string NamespaceWarning() =>
        $"\"{AttributePath}\": Genesys Cloud has no '{Namespace}' attribute namespace. Participant attributes are one flat map of "
        + $"string names, so this reads the attribute \"{AttributeName}\". Write it as \"{{{{participant.attributes.{AttributeName}}}}}\"; "
        + $"set it with PATCH /api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes and body "
        + $"{{\"attributes\": {{\"{AttributeName}\": \"…\"}}}}; read it in Architect with Get Participant Data (attribute name "
        + $"\"{AttributeName}\" into {Variable}) and test {Expression}.";
}
