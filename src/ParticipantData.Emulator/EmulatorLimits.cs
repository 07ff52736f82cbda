namespace ParticipantData.Emulator;

/// <summary>
/// The sizes a client can grow inside an emulator (<see cref="EmulatorOptions.Limits"/>), so that hostile or
/// runaway input gets a clear <c>400</c>/<c>413</c> instead of memory. The platform documents no limits on
/// participant attributes outside bot flows: these defaults are the emulator's assumptions (docs/emulator.md,
/// "Limits"), generous for real participant data.
/// </summary>
public sealed class EmulatorLimits
{
    /// <summary>Default of <see cref="MaxRequestBodyBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Default of <see cref="MaxAttributeKeyLength"/>: 256 characters.</summary>
    public const int DefaultMaxAttributeKeyLength = 256;

    /// <summary>Default of <see cref="MaxAttributeValueLength"/>: 16 384 characters.</summary>
    public const int DefaultMaxAttributeValueLength = 16_384;

    /// <summary>Default of <see cref="MaxAttributesPerParticipant"/>: 500 keys.</summary>
    public const int DefaultMaxAttributesPerParticipant = 500;

    /// <summary>Default of <see cref="MaxAttributeBytesPerParticipant"/>: 64 KiB.</summary>
    public const int DefaultMaxAttributeBytesPerParticipant = 64 * 1024;

    /// <summary>Default of <see cref="MaxConversations"/>: 5 000.</summary>
    public const int DefaultMaxConversations = 5_000;

    /// <summary>Default of <see cref="MaxParticipantsPerConversation"/>: 32.</summary>
    public const int DefaultMaxParticipantsPerConversation = 32;

    /// <summary>Default of <see cref="JournalMaxBodyBytes"/>: 16 KiB.</summary>
    public const int DefaultJournalMaxBodyBytes = 16 * 1024;

    /// <summary>Default of <see cref="JournalMaxBytes"/>: 32 MiB.</summary>
    public const long DefaultJournalMaxBytes = 32L * 1024 * 1024;

    /// <summary>The largest request body accepted; a larger one gets <c>413 request.entity.too.large</c>.</summary>
    /// <value>Default <see cref="DefaultMaxRequestBodyBytes"/> (1 MiB).</value>
    public int MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>The longest attribute key, in UTF-16 characters; a longer one gets <c>400</c> naming the key.</summary>
    /// <value>Default <see cref="DefaultMaxAttributeKeyLength"/> (256).</value>
    public int MaxAttributeKeyLength { get; set; } = DefaultMaxAttributeKeyLength;

    /// <summary>The longest attribute value, in UTF-16 characters; a longer one gets <c>400</c> naming the key.</summary>
    /// <value>Default <see cref="DefaultMaxAttributeValueLength"/> (16 384).</value>
    public int MaxAttributeValueLength { get; set; } = DefaultMaxAttributeValueLength;

    /// <summary>The most keys one participant may hold after a write; a write past it gets <c>400</c> and changes nothing.</summary>
    /// <value>Default <see cref="DefaultMaxAttributesPerParticipant"/> (500).</value>
    public int MaxAttributesPerParticipant { get; set; } = DefaultMaxAttributesPerParticipant;

    /// <summary>The most UTF-8 bytes (keys plus values) one participant may hold after a write; a write past it gets <c>400</c>.</summary>
    /// <value>Default <see cref="DefaultMaxAttributeBytesPerParticipant"/> (64 KiB).</value>
    public int MaxAttributeBytesPerParticipant { get; set; } = DefaultMaxAttributeBytesPerParticipant;

    /// <summary>
    /// The most conversations held. Creating one more removes the oldest ended conversation; when none has
    /// ended, the create gets <c>400</c>.
    /// </summary>
    /// <value>Default <see cref="DefaultMaxConversations"/> (5 000).</value>
    public int MaxConversations { get; set; } = DefaultMaxConversations;

    /// <summary>The most participants the admin API's create body may give.</summary>
    /// <value>Default <see cref="DefaultMaxParticipantsPerConversation"/> (32).</value>
    public int MaxParticipantsPerConversation { get; set; } = DefaultMaxParticipantsPerConversation;

    /// <summary>The most bytes of one request or response body the journal keeps; the rest is cut with a marker.</summary>
    /// <value>Default <see cref="DefaultJournalMaxBodyBytes"/> (16 KiB).</value>
    public int JournalMaxBodyBytes { get; set; } = DefaultJournalMaxBodyBytes;

    /// <summary>The most bytes the whole journal holds (estimated as UTF-16 text); the oldest entries go first.</summary>
    /// <value>Default <see cref="DefaultJournalMaxBytes"/> (32 MiB).</value>
    public long JournalMaxBytes { get; set; } = DefaultJournalMaxBytes;
}
