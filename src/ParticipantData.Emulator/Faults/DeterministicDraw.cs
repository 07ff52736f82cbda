namespace ParticipantData.Emulator.Faults;

/// <summary>
/// Uniform draws that depend only on their inputs (SplitMix64 mixing), so the same seed and the same
/// request number per rule give the same fault in every run, whatever other routes do meanwhile.
/// </summary>
internal static class DeterministicDraw
{
    public static double Unit(int seed, int rule, long number, int salt)
    {
        var x = Mix((ulong)(uint)seed);
        x = Mix(x ^ (ulong)(uint)rule);
        x = Mix(x ^ (ulong)number);
        x = Mix(x ^ (ulong)(uint)salt);
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A draw for request or frame <paramref name="number"/> of one <paramref name="stream"/> (a channel's number), so channels differ.</summary>
    public static double Unit(int seed, int rule, long stream, long number, int salt)
    {
        var x = Mix((ulong)(uint)seed);
        x = Mix(x ^ (ulong)(uint)rule);
        x = Mix(x ^ (ulong)stream);
        x = Mix(x ^ (ulong)number);
        x = Mix(x ^ (ulong)(uint)salt);
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
