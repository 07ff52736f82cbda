using ParticipantData.Client.WebMessaging;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.WebMessaging;

public sealed class WebMessagingGuestTests
{
    private static WebMessagingGuest GuestOf(EmulatorHost host, string deploymentId = WebMessagingOptions.DefaultDeploymentId, string? token = null) => new(new WebMessagingGuestOptions
    {
        WebSocketUri = WebMessagingGuest.GuestUriFor(host.BaseUri),
        DeploymentId = deploymentId,
        Token = token,
    });

    private static IReadOnlyDictionary<string, string> CustomerAttributes(EmulatorHost host, string conversationId) =>
        host.Conversations.Single(c => c.Id == conversationId).Participants.Single(p => p.Purpose == "customer").Attributes;

    [Fact]
    public async Task A_guest_connects_and_its_message_carries_the_custom_attributes_to_the_customer_participant()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { WebMessaging = { MaxCustomDataBytes = 300 } });
        await using var guest = GuestOf(emulator);

        var session = await guest.ConnectAsync();
        guest.SetCustomAttributes(new Dictionary<string, string> { ["loyalty_tier"] = "gold" });
        var receipt = await guest.SendAsync("hi");

        session.NewSession.ShouldBeTrue();
        session.MaxCustomDataBytes.ShouldBe(300);
        receipt.CustomAttributesSent.ShouldBe(new Dictionary<string, string> { ["loyalty_tier"] = "gold" });
        receipt.ConversationId.ShouldNotBeNull();
        CustomerAttributes(emulator, receipt.ConversationId)["loyalty_tier"].ShouldBe("gold");
    }

    [Fact]
    public async Task Attributes_are_sent_once_while_pending_and_only_the_changed_ones_later()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var guest = GuestOf(emulator);
        await guest.ConnectAsync();

        guest.SetCustomAttributes(new Dictionary<string, string> { ["tier"] = "silver", ["case"] = "42" });
        var first = await guest.SendAsync("one");
        var second = await guest.SendAsync("two");
        guest.SetCustomAttributes(new Dictionary<string, string> { ["tier"] = "gold", ["case"] = "42" });
        var third = await guest.SendAsync("three");

        first.CustomAttributesSent.Count.ShouldBe(2);
        second.CustomAttributesSent.ShouldBeEmpty();
        third.CustomAttributesSent.ShouldBe(new Dictionary<string, string> { ["tier"] = "gold" });
        third.ConversationId.ShouldBe(first.ConversationId);
        CustomerAttributes(emulator, first.ConversationId!).OrderBy(a => a.Key).ShouldBe([new("case", "42"), new("tier", "gold")]);
    }

    [Fact]
    public async Task Attributes_one_byte_over_maxCustomDataBytes_throw_4013_with_the_server_s_message_and_are_dropped()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { WebMessaging = { MaxCustomDataBytes = 10 } });
        await using var guest = GuestOf(emulator);
        await guest.ConnectAsync();
        guest.SetCustomAttributes(new Dictionary<string, string> { ["key"] = "12345678" }); // 3 + 8 = 11 bytes

        var refused = await Should.ThrowAsync<WebMessagingException>(() => guest.SendAsync("hi"));

        refused.Code.ShouldBe(WebMessagingException.CustomAttributeSizeTooLarge);
        refused.Message.ShouldContain("Error: Custom attributes exceed allowed max size of 10 bytes.");
        emulator.Conversations.ShouldBeEmpty();
        (await guest.SendAsync("hi")).CustomAttributesSent.ShouldBeEmpty("dropped, as the mobile SDK drops them");
        guest.SetCustomAttributes(new Dictionary<string, string> { ["key"] = "1234567" }); // exactly 10
        (await guest.SendAsync("again")).CustomAttributesSent["key"].ShouldBe("1234567");
    }

    [Fact]
    public async Task An_unknown_deployment_is_refused_with_a_message_naming_it()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var guest = GuestOf(emulator, deploymentId: "not-a-deployment");

        var refused = await Should.ThrowAsync<WebMessagingException>(() => guest.ConnectAsync());

        refused.Code.ShouldBe(403);
        refused.Message.ShouldContain("Deployment [not-a-deployment] is not configured");
    }

    [Fact]
    public async Task A_guest_with_the_same_token_resumes_the_session_and_its_conversation()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        string? conversationId;
        string token;
        await using (var first = GuestOf(emulator))
        {
            await first.ConnectAsync();
            conversationId = (await first.SendAsync("hello")).ConversationId;
            token = first.Token;
        }

        await using var again = GuestOf(emulator, token: token);
        var session = await again.ConnectAsync();

        session.NewSession.ShouldBeFalse();
        (await again.SendAsync("me again")).ConversationId.ShouldBe(conversationId);
    }

    [Fact]
    public async Task An_agent_s_reply_is_received_as_a_pushed_frame()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var guest = GuestOf(emulator);
        await guest.ConnectAsync();
        var conversationId = (await guest.SendAsync("hi")).ConversationId;
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        using var sent = await http.PostAsync($"/emulator/v1/conversations/{conversationId}/messages",
            new StringContent("""{"text":"Hello from the agent"}""", System.Text.Encoding.UTF8, "application/json"));
        sent.EnsureSuccessStatusCode();
        var frame = await guest.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));

        frame.Type.ShouldBe("message");
        frame.Class.ShouldBe("StructuredMessage");
        var body = System.Text.Json.Nodes.JsonNode.Parse(frame.Json)!["body"]!;
        body["direction"]!.GetValue<string>().ShouldBe("Outbound");
        body["text"]!.GetValue<string>().ShouldBe("Hello from the agent");
    }

    [Theory]
    [InlineData("https://api.mypurecloud.com", "wss://webmessaging.mypurecloud.com/v1")]
    [InlineData("https://api.mypurecloud.ie/", "wss://webmessaging.mypurecloud.ie/v1")]
    [InlineData("https://api.usw2.pure.cloud", "wss://webmessaging.usw2.pure.cloud/v1")]
    [InlineData("http://127.0.0.1:5080", "ws://127.0.0.1:5080/v1")]
    public void The_guest_socket_is_derived_from_the_API_URL(string apiUrl, string expected) =>
        WebMessagingGuest.GuestUriFor(new Uri(apiUrl)).ShouldBe(new Uri(expected));

    [Fact]
    public void Options_without_a_deployment_or_with_an_http_uri_are_refused_with_what_to_give()
    {
        Should.Throw<ArgumentException>(() => new WebMessagingGuest(new WebMessagingGuestOptions { WebSocketUri = new Uri("ws://127.0.0.1/v1") }))
            .Message.ShouldContain("DeploymentId is required");
        Should.Throw<ArgumentException>(() => new WebMessagingGuest(new WebMessagingGuestOptions { WebSocketUri = new Uri("http://127.0.0.1/v1"), DeploymentId = "d" }))
            .Message.ShouldContain("ws:// or wss://");
    }
}
