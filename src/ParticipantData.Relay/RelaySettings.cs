namespace ParticipantData.Relay;

/// <summary>The validated, frozen copy of <see cref="RelayOptions"/> the running relay reads.</summary>
internal sealed record RelaySettings(
    TimeSpan DefaultDeadline,
    int MaxDeadlineSeconds,
    int MaxRequestBytes,
    int RequestsPerMinute,
    TimeProvider Time)
{
    public static RelaySettings From(RelayOptions options) => new(
        options.DefaultDeadline,
        (int)options.MaxDeadline.TotalSeconds,
        options.MaxRequestBytes,
        options.Platform!.RequestsPerMinute,
        options.TimeProvider);
}
