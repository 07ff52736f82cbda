using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests;

/// <summary>Options are copied and checked when a client is created: the object given stays the caller's.</summary>
public sealed class FrozenOptionsTests
{
    [Fact]
    public async Task Changing_the_options_after_the_client_was_created_changes_nothing()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync(new NewConversation("call"));
        var options = Emulated.OptionsFor(host);
        using var client = new ParticipantDataClient(options);

        options.ApiUrl = new Uri("http://127.0.0.1:1");
        options.LoginUrl = new Uri("http://127.0.0.1:1");
        options.ClientSecret = "not-the-secret";
        options.TotalTimeout = TimeSpan.FromTicks(1);
        options.AttemptTimeout = TimeSpan.FromTicks(1);

        client.ApiUrl.ShouldBe(host.BaseUri);
        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));
        conversation.Participants.ShouldNotBeEmpty();
        client.TokenRequestCount.ShouldBe(1); // the token request used the secret and login URL given at construction
    }

    [Fact]
    public async Task Changing_the_notification_options_after_the_client_was_created_changes_nothing()
    {
        await using var host = await Emulated.StartAsync();
        using var client = Emulated.ClientFor(host);
        var options = new NotificationsClientOptions { MaxTopicsPerChannel = 1 };
        await using var notifications = new NotificationsClient(client, options);

        options.MaxTopicsPerChannel = 1000;

        var error = await Should.ThrowAsync<ArgumentException>(() => notifications.SubscribeAsync(["v2.users.a.presence", "v2.users.b.presence"]));
        error.Message.ShouldContain("a channel holds at most 1 topics");
    }
}
