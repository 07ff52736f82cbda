using BenchmarkDotNet.Running;
using ParticipantData.Benchmarks.Contention;

// `contention ...` and `relay ...` are load runs against the in-process emulator; everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "contention")
{
    return await ContentionBenchmark.RunAsync(args[1..]);
}

// `relay-stores ...`: the relay's accept path on SQLite, PostgreSQL with one instance and with two, side by side.
if (args.Length > 0 && args[0] == "relay-stores")
{
    return await ParticipantData.Benchmarks.Relay.RelayStoreBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "relay")
{
    return await ParticipantData.Benchmarks.Relay.RelayBenchmark.RunAsync(args[1..]);
}

// `hostile ...` is the by-hand hostile-input run of the emulator (docs/emulator.md, "Hostile input").
if (args.Length > 0 && args[0] == "hostile")
{
    return await ParticipantData.Benchmarks.Hostile.HostileRun.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ContentionBenchmark).Assembly).Run(args);
return 0;
