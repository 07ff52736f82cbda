namespace ParticipantData.Emulator.WebMessaging;

/// <summary>A frozen, validated copy of <see cref="WebMessagingOptions"/>.</summary>
internal sealed record WebMessagingSettings
{
    /// <summary>Largest text frame a guest may send: well above a message with <see cref="MaxCustomDataBytes"/> of attributes.</summary>
    public const int MaxFrameBytes = 256 * 1024;

    public required IReadOnlyList<string> DeploymentIds { get; init; }

    public required int MaxCustomDataBytes { get; init; }

    public required bool CustomAttributesToParticipantData { get; init; }

    public required string AttributeKeyPrefix { get; init; }

    public required bool AcceptLegacyPlacement { get; init; }

    public required int MaxSessions { get; init; }

    public IMessageFlow? Flow { get; init; }

    public static WebMessagingSettings Default { get; } = From(new WebMessagingOptions());

    public bool IsDeployment(string? id) => id is not null && DeploymentIds.Contains(id, StringComparer.Ordinal);

    public static WebMessagingSettings From(WebMessagingOptions? options)
    {
        options ??= new WebMessagingOptions();
        var ids = options.DeploymentIds.Select(id => id?.Trim()).ToList();
        if (ids.Count == 0 || ids.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("WebMessagingOptions.DeploymentIds must hold at least one deployment id, none of them empty.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxCustomDataBytes, nameof(options.MaxCustomDataBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxCustomDataBytes, 1024 * 1024, nameof(options.MaxCustomDataBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSessions, 1, nameof(options.MaxSessions));
        return new WebMessagingSettings
        {
            DeploymentIds = ids.Distinct(StringComparer.Ordinal).ToList()!,
            MaxCustomDataBytes = options.MaxCustomDataBytes,
            CustomAttributesToParticipantData = options.CustomAttributesToParticipantData,
            AttributeKeyPrefix = options.AttributeKeyPrefix ?? "",
            AcceptLegacyPlacement = options.AcceptLegacyPlacement,
            MaxSessions = options.MaxSessions,
            Flow = options.Flow,
        };
    }
}
