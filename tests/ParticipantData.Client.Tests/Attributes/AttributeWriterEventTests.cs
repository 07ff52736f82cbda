using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Attributes;

public sealed class AttributeWriterEventTests
{
    [Fact]
    public async Task With_a_notifications_listener_Ensure_catches_a_flow_write_back_from_events_without_a_REST_read()
    {
        // The emulator's clock drives the call's lifecycle; the writer runs on the real clock with polling effectively off.
        var emulatorTime = new ManualTimeProvider();
        await using var host = await Emulated.StartAsync(o => (o.TimeProvider, o.WriteServiceTime) = (emulatorTime, TimeSpan.Zero));
        var lifecycle = new LifecycleOptions
        {
            IvrDuration = TimeSpan.FromSeconds(10),
            FlowReadDelay = TimeSpan.FromSeconds(1),
            FlowWriteInterval = TimeSpan.FromHours(1),
            DtmfInterval = TimeSpan.FromHours(1),
            HoldInterval = TimeSpan.FromHours(1),
            Jitter = 0,
        };
        var created = await host.CreateConversationAsync(new NewConversation("call", Lifecycle: lifecycle));
        var conversation = ConversationId.Parse(created.Id);
        var customer = ParticipantId.Parse(created.Participants.Single(p => p.Purpose == "customer").Id);
        using var client = Emulated.ClientFor(host);
        await client.SetParticipantAttributesAsync(conversation, ParticipantSelector.ById(customer), new Dictionary<string, string> { ["loyalty_tier"] = "bronze" });
        emulatorTime.Advance(TimeSpan.FromSeconds(2)); // the IVR flow has read participant data: loyalty_tier = bronze

        await using var notifications = new NotificationsClient(client);
        await using var writer = new AttributeWriter(
            client,
            new AttributeWriterOptions { EnsurePollInterval = TimeSpan.FromMinutes(10) },
            notifications: notifications);
        var result = await writer.WriteAsync(conversation, customer, new Dictionary<string, string> { ["loyalty_tier"] = "gold" }, new WriteOptions { Verify = VerifyMode.Ensure });
        result.Outcome.ShouldBe(WriteOutcome.Applied);
        // Once subscribed, a read covers the commit only if it landed before the subscription; from then on events alone.
        await Eventually.HoldsAsync(() => writer.IsListening(conversation, customer), "Ensure listens to the conversation's events");
        var reads = writer.EnsureStatistics.Reads;
        reads.ShouldBeLessThanOrEqualTo(1);
        Held(host, customer).ShouldBe("gold");

        emulatorTime.Advance(TimeSpan.FromSeconds(9)); // the IVR ends and its flow writes back loyalty_tier = bronze
        host.Statistics.FlowWriteBacks.ShouldBe(1);
        host.Statistics.WriteBackOverwrites.ShouldBe(1); // gold was overwritten with bronze

        await Eventually.HoldsAsync(
            () => writer.EnsureStatistics.Reapplied >= 1,
            () => $"Ensure re-applied after the write-back event ({writer.EnsureStatistics}, events {writer.EnsureStatistics.Events}; notifications {notifications.State}, {notifications.Reconnects} reconnects; held {Held(host, customer)})");
        await Eventually.HoldsAsync(() => Held(host, customer) == "gold", "gold is back");
        writer.EnsureStatistics.Reads.ShouldBe(reads); // caught from the event: no REST read
        writer.EnsureStatistics.Events.ShouldBeGreaterThanOrEqualTo(1);
    }

    private static string? Held(EmulatorHost host, ParticipantId participant) =>
        host.Conversations.SelectMany(c => c.Participants).Single(p => p.Id == participant.Value).Attributes.GetValueOrDefault("loyalty_tier");
}
