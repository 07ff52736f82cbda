namespace ParticipantData.Emulator;

/// <summary>What to create: a conversation of a media type, with default or given participants.</summary>
/// <param name="MediaType"><c>call</c> (the default), <c>message</c> (web messaging), <c>email</c> or <c>callback</c>.</param>
/// <param name="Participants">The participants, in order; null for the media type's defaults.</param>
/// <param name="Lifecycle">
/// This call's lifecycle; null for the host's <see cref="EmulatorOptions.Lifecycle"/>, a value with
/// <see cref="LifecycleOptions.Enabled"/> false for none. Calls only.
/// </param>
/// <param name="Id">The conversation id (a UUID); null for a new random one, as the platform gives.</param>
public sealed record NewConversation(
    string? MediaType = null,
    IReadOnlyList<NewParticipant>? Participants = null,
    LifecycleOptions? Lifecycle = null,
    string? Id = null);

/// <summary>A participant of a <see cref="NewConversation"/>.</summary>
/// <param name="Purpose">e.g. <c>customer</c>, <c>ivr</c>, <c>acd</c>, <c>agent</c>, <c>external</c>.</param>
/// <param name="Name">Display name; null for none.</param>
/// <param name="Attributes">Initial participant attributes.</param>
/// <param name="Address">Address (e.g. <c>tel:+13175550123</c>); null for the purpose's default.</param>
/// <param name="Id">The participant id (a UUID); null for a new random one.</param>
public sealed record NewParticipant(
    string Purpose,
    string? Name = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    string? Address = null,
    string? Id = null);
