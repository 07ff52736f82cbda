using System.Collections.Frozen;

namespace ParticipantData.Architect.Syntax;

/// <summary>Variable scopes: the Architect Scripting scope enum plus the built-in prefixes seen in flows.</summary>
internal static class Scopes
{
    private static readonly FrozenDictionary<string, string> Canonical = new[]
    {
        "Bot", "Call", "Chat", "Common", "Email", "Flow", "Interaction", "Menu", "Message", "Session", "Slot", "State",
        "Survey", "Task", "Workflow", "Workitem", "System", "PromptSystem",
    }.ToFrozenDictionary(s => s, s => s, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> All => Canonical.Values;

    public static bool TryGetCanonical(string name, out string canonical)
    {
        if (Canonical.TryGetValue(name, out var found))
        {
            canonical = found;
            return true;
        }

        canonical = name;
        return false;
    }
}
