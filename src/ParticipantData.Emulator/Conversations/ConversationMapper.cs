using ParticipantData.Emulator.Json;

namespace ParticipantData.Emulator.Conversations;

/// <summary>Renders snapshots as the platform's JSON models: the generic form and each media form.</summary>
internal static class ConversationMapper
{
    public const string HomeDivisionId = "1d9e3b5a-7c2f-4e61-8a04-5b6c7d8e9f10";
    private const string EmailSubject = "Question about my order";

    public static string SelfUri(string conversationId) => "/api/v2/conversations/" + conversationId;

    public static string MediaSelfUri(MediaKind media, string conversationId) =>
        "/api/v2/conversations/" + media.Segment() + "/" + conversationId;

    public static ConversationDto ToConversation(ConversationSnapshot c)
    {
        var customer = Customer(c);
        return new ConversationDto
        {
            Id = c.Id,
            StartTime = IsoTime.Format(c.StartTime),
            EndTime = IsoTime.Format(c.EndTime),
            Participants = c.Participants.Select(p => ToParticipant(c, p, customer)).ToList(),
            Divisions =
            [
                new DivisionMembershipDto(
                    new UriReferenceDto(HomeDivisionId, "Home", "/api/v2/authorization/divisions/" + HomeDivisionId),
                    c.Participants.Where(p => p.QueueId is not null).Select(p => p.QueueId!).Distinct(StringComparer.Ordinal)
                        .Select(Queue).ToList()),
            ],
            SelfUri = SelfUri(c.Id),
        };
    }

    /// <summary>The media form of the conversation's own media type.</summary>
    public static object ToMediaConversation(ConversationSnapshot c) => c.Media switch
    {
        MediaKind.Call => Envelope(c, c.Participants.Select(p => ToCallParticipant(c, p)).ToList(), "none"),
        MediaKind.Message => Envelope(c, c.Participants.Select(p => Fill(new MessageMediaParticipantDto { Type = "webmessaging" }, c, p)).ToList(), null),
        MediaKind.Email => Envelope(c, c.Participants.Select(p => Fill(new EmailMediaParticipantDto { Subject = EmailSubject }, c, p)).ToList(), null),
        MediaKind.Callback => Envelope(c, c.Participants.Select(p => Fill(new CallbackMediaParticipantDto
        {
            CallbackNumbers = CallbackNumbers(c),
            CallbackUserName = Customer(c)?.Name,
        }, c, p)).ToList(), null),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    private static MediaConversationDto<T> Envelope<T>(ConversationSnapshot c, List<T> participants, string? recordingState)
        where T : MediaParticipantDto => new()
        {
            Id = c.Id,
            Participants = participants,
            RecordingState = recordingState,
            SelfUri = MediaSelfUri(c.Media, c.Id),
        };

    private static CallMediaParticipantDto ToCallParticipant(ConversationSnapshot c, ParticipantSnapshot p) =>
        Fill(new CallMediaParticipantDto
        {
            Ani = p.Ani,
            Dnis = p.Dnis,
        }, c, p);

    private static T Fill<T>(T dto, ConversationSnapshot c, ParticipantSnapshot p)
        where T : MediaParticipantDto => ParticipantMapping.Fill(dto, p, User, Queue) with { Provider = Provider(c.Media) };

    private static ParticipantDto ToParticipant(ConversationSnapshot c, ParticipantSnapshot p, ParticipantSnapshot? customer)
    {
        var connected = IsoTime.Format(p.ConnectedTime);
        var disconnected = IsoTime.Format(p.EndTime);
        return new ParticipantDto
        {
            Id = p.Id,
            StartTime = IsoTime.Format(p.StartTime),
            EndTime = disconnected,
            ConnectedTime = connected,
            Name = p.Name,
            UserId = p.UserId,
            QueueId = p.QueueId,
            QueueName = p.QueueName,
            Purpose = p.Purpose,
            Address = p.Address,
            Ani = p.Ani,
            Dnis = p.Dnis,
            WrapupRequired = p.WrapupRequired,
            Attributes = ParticipantMapping.Attributes(p),
            Calls = c.Media != MediaKind.Call ? null :
            [
                new CallDto
                {
                    State = p.State, Id = p.CommunicationId, Direction = p.Direction, DisconnectType = p.DisconnectType,
                    Held = p.Held, ConnectedTime = connected, DisconnectedTime = disconnected, Provider = Provider(c.Media),
                    Self = Address(ReferenceEquals(p, customer) ? p.Ani : p.Dnis),
                    Other = Address(ReferenceEquals(p, customer) ? p.Dnis : p.Ani),
                },
            ],
            Messages = c.Media != MediaKind.Message ? null :
            [
                new MessageDto
                {
                    State = p.State, Id = p.CommunicationId, Direction = p.Direction, DisconnectType = p.DisconnectType,
                    ConnectedTime = connected, DisconnectedTime = disconnected, Provider = Provider(c.Media),
                    Type = "webmessaging",
                },
            ],
            Emails = c.Media != MediaKind.Email ? null :
            [
                new EmailDto
                {
                    State = p.State, Id = p.CommunicationId, Direction = p.Direction, DisconnectType = p.DisconnectType,
                    Subject = EmailSubject, ConnectedTime = connected, DisconnectedTime = disconnected,
                    Provider = Provider(c.Media),
                },
            ],
            Callbacks = c.Media != MediaKind.Callback ? null :
            [
                new CallbackDto
                {
                    State = p.State, Id = p.CommunicationId, Direction = p.Direction, DisconnectType = p.DisconnectType,
                    CallbackNumbers = CallbackNumbers(c), CallbackUserName = customer?.Name,
                    ConnectedTime = connected, DisconnectedTime = disconnected, Provider = Provider(c.Media),
                },
            ],
        };
    }

    private static ParticipantSnapshot? Customer(ConversationSnapshot c) =>
        c.Participants.FirstOrDefault(p => string.Equals(p.Purpose, "customer", StringComparison.Ordinal));

    private static List<string> CallbackNumbers(ConversationSnapshot c)
    {
        var address = Customer(c)?.Address ?? ConversationFactory.CustomerPhone;
        return [address.StartsWith("tel:", StringComparison.Ordinal) ? address[4..] : address];
    }

    private static AddressDto? Address(string? address) => address is null ? null : new AddressDto(address, address, address);

    private static UriReferenceDto Queue(string queueId) => new(queueId, null, "/api/v2/routing/queues/" + queueId);

    private static UriReferenceDto User(string userId, string? name) => new(userId, name, "/api/v2/users/" + userId);

    private static string Provider(MediaKind media) => media switch
    {
        MediaKind.Call => "Edge",
        MediaKind.Message => "PureCloud Messaging",
        MediaKind.Email => "PureCloud Email",
        _ => "PureCloud Callback",
    };
}
