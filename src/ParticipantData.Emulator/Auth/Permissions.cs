namespace ParticipantData.Emulator.Auth;

/// <summary>Genesys permission strings (<c>domain:entity:action</c>) with <c>*</c> wildcards.</summary>
internal static class Permissions
{
    public const string ConversationCommunicationView = "conversation:communication:view";

    /// <summary>Whether <paramref name="granted"/> covers <paramref name="required"/>; <c>a|b|c</c> requires any one of them.</summary>
    public static bool Grants(IReadOnlyCollection<string>? granted, string required)
    {
        if (granted is null)
        {
            return false;
        }

        if (required.Contains('|', StringComparison.Ordinal))
        {
            return required.Split('|').Any(one => Grants(granted, one));
        }

        var needed = required.Split(':');
        foreach (var permission in granted)
        {
            if (permission == "*")
            {
                return true;
            }

            var parts = permission.Split(':');
            if (parts.Length == needed.Length && parts.Zip(needed).All(pair => pair.First == "*" || string.Equals(pair.First, pair.Second, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
