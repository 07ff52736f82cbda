namespace ParticipantData.Client.Tests.Support;

internal static class Eventually
{
    /// <summary>
    /// Waits for background work to make <paramref name="condition"/> true, returning as soon as it is;
    /// fails after a generous bound so a broken implementation cannot hang the run.
    /// </summary>
    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(condition, () => what);

    /// <summary>As above, describing the state at the moment of failure.</summary>
    public static async Task HoldsAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Still not true after 10 s: {what()}");
            }

            await Task.Yield();
            await Task.Delay(5);
        }
    }
}
