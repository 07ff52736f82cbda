using ParticipantData.Emulator;

namespace ParticipantData.Benchmarks.Contention;

/// <summary>The emulated load every strategy faces: call lifecycles with flow writes and write-back, optional faults.</summary>
internal static class World
{
    public static EmulatorOptions Options(ContentionSettings settings)
    {
        var options = new EmulatorOptions
        {
            Lifecycle = new LifecycleOptions(),
            Seed = settings.Seed,
            RequestsPerMinute = settings.RequestsPerMinute,
            JournalCapacity = Environment.GetEnvironmentVariable("PDATA_BENCH_JOURNAL") is null ? 0 : 100_000, // statistics are enough; a journal only to debug
        };
        if (settings.FaultPlan is { } plan)
        {
            options.FaultPlan = File.Exists(plan)
                ? FaultPlan.Parse(File.ReadAllText(plan)).WithSeed(settings.Seed)
                : FaultPlan.BuiltIn(plan, settings.Seed);
        }

        return options;
    }

    public static NewConversation Conversation(ContentionSettings settings) => new("call");

    /// <summary>Each writer owns one key on the customer, so "lost" is well defined: its last value must be there at the end.</summary>
    public static string WriterKey(int writer) => $"writer_{writer}";

    public static StatusCounts Counts(EmulatorHost host)
    {
        var statistics = host.Statistics;
        return new StatusCounts(statistics.Requests, statistics.Count(409), statistics.Count(429), statistics.WriteBackOverwrites);
    }

    internal sealed record StatusCounts(long Requests, long Conflicts, long Throttles, long WriteBackOverwrites)
    {
        public static StatusCounts operator -(StatusCounts a, StatusCounts b) =>
            new(a.Requests - b.Requests, a.Conflicts - b.Conflicts, a.Throttles - b.Throttles, a.WriteBackOverwrites - b.WriteBackOverwrites);
    }
}
