namespace ParticipantData.Client;

/// <summary>How a write is confirmed.</summary>
public enum VerifyMode
{
    /// <summary>The platform accepted the PATCH (202): enough for most writes.</summary>
    None,

    /// <summary>Read the participant back once after writing and compare (the read is budgeted below writes).</summary>
    ReadBack,

    /// <summary>
    /// Return as soon as the platform accepted the write, and keep the values ensured for
    /// <see cref="WriteOptions.EnsureFor"/> or until the conversation ends: a value overwritten meanwhile
    /// (a voice flow writing back the participant data it read earlier) is applied again. With a
    /// notifications listener this costs no REST requests (the attribute events show the overwrite);
    /// without one, the participant is polled, below every write in the budget. A later write of the same
    /// key replaces the ensured value.
    /// </summary>
    Ensure,
}
