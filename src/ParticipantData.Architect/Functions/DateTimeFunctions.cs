using ParticipantData.Architect.Types;
using static ParticipantData.Architect.Functions.TextFunctions;
using T = ParticipantData.Architect.ArchitectType;
using V = ParticipantData.Architect.ArchitectValue;

namespace ParticipantData.Architect.Functions;

internal static class DateTimeFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions()
    {
        yield return new FunctionDefinition
        {
            Name = "MakeDuration",
            Status = FunctionStatus.Confirmed,
            Summary = "MakeDuration(Integer days, hours, minutes, seconds[, milliseconds]) → Duration",
            MinArgs = 4,
            MaxArgs = 5,
            Overloads =
            [
                new Overload
                {
                    Signature = "MakeDuration(Integer, Integer, Integer, Integer, Integer) → Duration",
                    Match = TypeMatch.Exact(T.Duration, T.Integer, T.Integer, T.Integer, T.Integer, T.Integer),
                    Body = static (args, call, _) => MakeDuration(args, call),
                },
                new Overload
                {
                    Signature = "MakeDuration(Integer, Integer, Integer, Integer) → Duration",
                    Match = TypeMatch.Exact(T.Duration, T.Integer, T.Integer, T.Integer, T.Integer),
                    Body = static (args, call, _) => MakeDuration(args, call),
                },
            ],
        };

        yield return Simple("DateTimeDiff", FunctionStatus.Confirmed, "DateTimeDiff(DateTime a, DateTime b) → Duration: a − b",
            T.Duration, [T.DateTime, T.DateTime], static (args, call, _) =>
                V.DurationMilliseconds((args[0].Bits - args[1].Bits) / TimeSpan.TicksPerMillisecond));

        yield return Simple("AddMinutes", FunctionStatus.Confirmed, "AddMinutes(DateTime, Integer) → DateTime",
            T.DateTime, [T.DateTime, T.Integer], static (args, call, _) => AddTicks(args[0], args[1].Bits, TimeSpan.TicksPerMinute, call));

        yield return Simple("GetCurrentDateTimeUtc", FunctionStatus.Confirmed, "GetCurrentDateTimeUtc() → DateTime: the evaluation context's clock, to the millisecond",
            T.DateTime, [], static (_, _, context) =>
            {
                var ticks = context.TimeProvider.GetUtcNow().UtcTicks;
                return V.DateTimeTicks(ticks - (ticks % TimeSpan.TicksPerMillisecond));
            });
    }

    private static V MakeDuration(ReadOnlySpan<V> args, Evaluation.BoundCall call)
    {
        decimal ms = (args[0].Bits * 86_400_000m) + (args[1].Bits * 3_600_000m) + (args[2].Bits * 60_000m) + (args[3].Bits * 1000m)
            + (args.Length > 4 ? args[4].Bits : 0);
        return ms is >= -ValueRules.MaxInteger and <= ValueRules.MaxInteger
            ? V.DurationMilliseconds((long)ms)
            : throw call.Fail(-1, "MakeDuration: the duration is outside Architect's range (±999999999999999 ms)");
    }

    internal static V AddTicks(V dateTime, long amount, long unit, Evaluation.BoundCall call)
    {
        var delta = (decimal)amount * unit;
        var result = dateTime.Bits + delta;
        return result >= ValueRules.MinDateTime.Ticks && result <= DateTime.MaxValue.Ticks
            ? V.DateTimeTicks((long)result)
            : throw call.Fail(-1, $"{call.Name}: the result is outside the DateTime range (1800-01-01 to 9999-12-31)");
    }
}
