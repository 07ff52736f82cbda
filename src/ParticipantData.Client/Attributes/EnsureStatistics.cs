namespace ParticipantData.Client;

/// <summary>What an <see cref="AttributeWriter"/>'s Ensure mode has done so far (all participants).</summary>
/// <param name="Reads">REST reads made to check ensured values (polls without a listener; safety reads after a gap with one).</param>
/// <param name="Events">Attribute events about ensured participants received (with a notifications listener).</param>
/// <param name="Reapplied">Times values overwritten after our write were applied again.</param>
/// <param name="EnsuredKeys">Keys ensured right now.</param>
public sealed record EnsureStatistics(int Reads, int Events, int Reapplied, int EnsuredKeys);
