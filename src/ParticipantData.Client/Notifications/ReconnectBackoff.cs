namespace ParticipantData.Client.Notifications;

/// <summary>Exponential reconnect delays: initial, doubling, capped; jittered to between half and all of the nominal delay.</summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, bool jitter)
{
    private int _failures;

    public TimeSpan Next()
    {
        var nominal = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, Math.Min(_failures, 30))));
        _failures++;
        return jitter ? TimeSpan.FromTicks((nominal.Ticks / 2) + (long)(Random.Shared.NextDouble() * (nominal.Ticks / 2))) : nominal;
    }

    public void Reset() => _failures = 0;
}
