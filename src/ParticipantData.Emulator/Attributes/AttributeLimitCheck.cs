using System.Globalization;
using System.Text;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.Attributes;

/// <summary>
/// The emulator's limits on participant attributes (<see cref="EmulatorLimits"/>): what one write may give,
/// and what a participant may hold once it is merged. Each refusal names the key and the limit.
/// </summary>
internal static class AttributeLimitCheck
{
    private const int MaxShownKey = 40;

    /// <summary>Key and value lengths of what a write (or a new participant) gives; null when within the limits.</summary>
    public static ApiError? CheckGiven(IReadOnlyDictionary<string, string> given, LimitSettings limits, string field = "attributes")
    {
        if (given.Count > limits.MaxAttributesPerParticipant)
        {
            return Refuse($"[{field}] gives {given.Count} keys; a participant may hold at most {limits.MaxAttributesPerParticipant} (EmulatorOptions.Limits.MaxAttributesPerParticipant).");
        }

        foreach (var (key, value) in given)
        {
            if (key.Length == 0)
            {
                return Refuse($"[{field}] has an empty key: every attribute needs a name.");
            }

            if (key.Length > limits.MaxAttributeKeyLength)
            {
                return Refuse($"The key [{Shown(key)}] in [{field}] is {key.Length} characters long; a key may have at most {limits.MaxAttributeKeyLength} (EmulatorOptions.Limits.MaxAttributeKeyLength).");
            }

            if (value.Length > limits.MaxAttributeValueLength)
            {
                return Refuse($"The value of [{Shown(key)}] in [{field}] is {value.Length} characters long; a value may have at most {limits.MaxAttributeValueLength} (EmulatorOptions.Limits.MaxAttributeValueLength).");
            }
        }

        return null;
    }

    /// <summary>What a participant would hold after a merge: key count and UTF-8 bytes; null when within the limits.</summary>
    public static string? CheckHeld(IReadOnlyDictionary<string, string> merged, LimitSettings limits)
    {
        if (merged.Count > limits.MaxAttributesPerParticipant)
        {
            return $"The participant would hold {merged.Count} keys; a participant may hold at most {limits.MaxAttributesPerParticipant} (EmulatorOptions.Limits.MaxAttributesPerParticipant). Nothing was written.";
        }

        long bytes = 0;
        foreach (var (key, value) in merged)
        {
            bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        return bytes > limits.MaxAttributeBytesPerParticipant
            ? string.Create(CultureInfo.InvariantCulture,
                $"The participant's attributes would take {bytes} bytes (UTF-8 keys and values); a participant may hold at most {limits.MaxAttributeBytesPerParticipant} (EmulatorOptions.Limits.MaxAttributeBytesPerParticipant). Nothing was written.")
            : null;
    }

    public static ApiError Refuse(string message) => ApiError.InvalidValue(message);

    private static string Shown(string key) => key.Length > MaxShownKey ? key[..MaxShownKey] + "..." : key;
}
