using BenchmarkDotNet.Running;
using ParticipantData.Benchmarks.Contention;

// `contention ...` and `relay ...` are load runs against the in-process emulator; everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "contention")
{
    return await ContentionBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "relay")
{
    return await ParticipantData.Benchmarks.Relay.RelayBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ContentionBenchmark).Assembly).Run(args);
return 0;
