using ParticipantData.Architect.Syntax;

namespace ParticipantData.Architect;

/// <summary>Checks and normalises variable names: a known scope, then dot-separated names (<c>Flow.tier</c>, <c>Email.Message.from.name</c>).</summary>
internal static class VariableName
{
    /// <summary>Returns the name with its scope in canonical spelling (<c>flow.Tier</c> → <c>Flow.Tier</c>); throws <see cref="ArgumentException"/> when malformed.</summary>
    public static string Normalize(string name) =>
        TryNormalize(name, out var normalized, out var error) ? normalized : throw new ArgumentException(error, nameof(name));

    public static bool TryNormalize(string? name, out string normalized, out string error)
    {
        normalized = name ?? "";
        error = "";
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "a variable name is empty";
            return false;
        }

        var parts = name.Trim().Split('.');
        if (parts.Length < 2)
        {
            error = $"'{name}' needs a scope: write Flow.{name} (or Task., State., Slot., Call., …)";
            return false;
        }

        if (!Scopes.TryGetCanonical(parts[0], out var scope))
        {
            error = $"'{parts[0]}' in '{name}' is not a variable scope; expected one of {string.Join(", ", Scopes.All)}";
            return false;
        }

        foreach (var part in parts.AsSpan(1))
        {
            if (part.Length == 0 || !char.IsAsciiLetter(part[0]) || !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                error = $"'{name}' is not a variable name: after the scope, names start with a letter and hold letters, digits or '_'";
                return false;
            }
        }

        parts[0] = scope;
        var joined = string.Join('.', parts);
        // Keep the caller's string when it is already normal: a compiled expression's VariableSite then finds the
        // same string instance in every context filled from the same names (see EvaluationContext).
        normalized = string.Equals(joined, name, StringComparison.Ordinal) ? name : joined;
        return true;
    }
}
