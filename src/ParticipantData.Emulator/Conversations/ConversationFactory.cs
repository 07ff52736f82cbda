using ParticipantData.Emulator.Attributes;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;

namespace ParticipantData.Emulator.Conversations;

/// <summary>Turns a <see cref="NewConversation"/> into a first snapshot, filling in each media type's defaults.</summary>
internal static class ConversationFactory
{
    public const string CustomerPhone = "tel:+13175550123";
    public const string ContactCenterPhone = "tel:+18005550100";
    public const string CustomerEmail = "customer@example.com";
    public const string ContactCenterEmail = "support@example.com";
    public const string DefaultQueueName = "Support";

    /// <summary>One queue for every emulated acd participant, so its id is stable across conversations.</summary>
    public const string DefaultQueueId = "6f2b1c3e-4d5a-4b7c-9e8f-0a1b2c3d4e5f";

    /// <summary>Checks a request the way the admin API answers it, within the emulator's limits; null when it is valid.</summary>
    public static ApiError? Validate(NewConversation request, LimitSettings limits)
    {
        if (request.Participants is { } given && given.Count > limits.MaxParticipantsPerConversation)
        {
            return ApiError.BadRequest($"participants gives {given.Count} participants; a conversation may have at most {limits.MaxParticipantsPerConversation} (EmulatorOptions.Limits.MaxParticipantsPerConversation).");
        }

        for (var i = 0; i < (request.Participants?.Count ?? 0); i++)
        {
            if (request.Participants![i]?.Attributes is not { } attributes)
            {
                continue;
            }

            var field = $"participants[{i}].attributes";
            if (AttributeLimitCheck.CheckGiven(attributes, limits, field) is { } tooLarge)
            {
                return tooLarge;
            }

            if (AttributeLimitCheck.CheckHeld(attributes, limits) is { } tooMuch)
            {
                return AttributeLimitCheck.Refuse(field + ": " + tooMuch);
            }
        }

        return Validate(request);
    }

    private static ApiError? Validate(NewConversation request)
    {
        if (request.MediaType is not null && !MediaKinds.TryParse(request.MediaType, out _))
        {
            return ApiError.InvalidValue(
                $"Value [{request.MediaType}] is not valid for field type [mediaType]. Allowable values are: {MediaKinds.AllowedNames}");
        }

        if (request.Participants is { Count: 0 })
        {
            return ApiError.BadRequest("participants must name at least one participant; leave it out for the media type's defaults.");
        }

        for (var i = 0; i < (request.Participants?.Count ?? 0); i++)
        {
            var participant = request.Participants![i];
            if (participant is null || string.IsNullOrWhiteSpace(participant.Purpose))
            {
                return ApiError.BadRequest($"participants[{i}].purpose is required (e.g. customer, ivr, acd, agent).");
            }
        }

        if (request.Id is not null && !IsUuid(request.Id))
        {
            return ApiError.InvalidValue($"id [{request.Id}] is not a UUID; leave it out for a new one.");
        }

        for (var i = 0; i < (request.Participants?.Count ?? 0); i++)
        {
            if (request.Participants![i].Id is { } participantId && !IsUuid(participantId))
            {
                return ApiError.InvalidValue($"participants[{i}].id [{participantId}] is not a UUID; leave it out for a new one.");
            }
        }

        if (request.Lifecycle is { Enabled: true } lifecycle)
        {
            if (request.MediaType is not (null or "call"))
            {
                return ApiError.InvalidValue($"lifecycle applies to calls only, not to a {request.MediaType} conversation: leave it out or set mediaType to call.");
            }

            if (request.Participants is { Count: > 0 } given && !given.Any(p => p is not null && p.Purpose?.Trim() == "customer"))
            {
                return ApiError.BadRequest("A call with a lifecycle needs a customer participant: its flow reads and writes the customer's participant data.");
            }

            if (lifecycle.Problem() is { } problem)
            {
                return ApiError.InvalidValue(problem);
            }
        }

        return null;
    }

    /// <summary>Builds the snapshot of a validated request; everything starts connected at <paramref name="now"/>.</summary>
    public static ConversationSnapshot Build(NewConversation request, DateTimeOffset now)
    {
        var media = request.MediaType is null ? MediaKind.Call : ParseValidated(request.MediaType);
        var participants = request.Participants ?? Defaults(media);
        return new ConversationSnapshot(
            request.Id ?? NewId(),
            media,
            now,
            EndTime: null,
            participants.Select(p => BuildParticipant(media, p, now)).ToList(),
            Version: 1);
    }

    internal static MediaKind ParseValidated(string name) =>
        MediaKinds.TryParse(name, out var kind) ? kind : throw new ArgumentException("Unknown media type " + name, nameof(name));

    internal static List<NewParticipant> Defaults(MediaKind media) => media switch
    {
        MediaKind.Call =>
        [
            new("customer", "Customer"),
            new("ivr", "Inbound Call Flow"),
            new("acd", DefaultQueueName),
        ],
        _ =>
        [
            new("customer", "Customer"),
            new("acd", DefaultQueueName),
        ],
    };

    internal static ParticipantSnapshot BuildParticipant(MediaKind media, NewParticipant request, DateTimeOffset now)
    {
        var purpose = request.Purpose.Trim();
        var isCustomer = string.Equals(purpose, "customer", StringComparison.Ordinal);
        var isAcd = string.Equals(purpose, "acd", StringComparison.Ordinal);
        var isUser = purpose is "agent" or "user";
        return new ParticipantSnapshot
        {
            Id = request.Id ?? NewId(),
            CommunicationId = NewId(),
            Purpose = purpose,
            Name = request.Name,
            Address = request.Address ?? DefaultAddress(media, isCustomer),
            Ani = media == MediaKind.Call ? (isCustomer ? request.Address ?? CustomerPhone : CustomerPhone) : null,
            Dnis = media == MediaKind.Call ? ContactCenterPhone : null,
            UserId = isUser ? NewId() : null,
            QueueId = isAcd ? DefaultQueueId : null,
            QueueName = isAcd ? request.Name ?? DefaultQueueName : null,
            Direction = "inbound",
            StartTime = now,
            ConnectedTime = now,
            State = "connected",
            Attributes = request.Attributes is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(request.Attributes, StringComparer.Ordinal),
        };
    }

    private static string? DefaultAddress(MediaKind media, bool isCustomer) => media switch
    {
        MediaKind.Call or MediaKind.Callback => isCustomer ? CustomerPhone : ContactCenterPhone,
        MediaKind.Email => isCustomer ? CustomerEmail : ContactCenterEmail,
        // A web-messaging guest has no address the platform shows.
        _ => null,
    };

    internal static string NewId() => Guid.NewGuid().ToString("D");

    private static bool IsUuid(string text) => Guid.TryParseExact(text, "D", out _);
}
