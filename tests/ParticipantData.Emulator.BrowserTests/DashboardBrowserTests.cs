using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ParticipantData.Client;
using ParticipantData.Client.WebMessaging;
using Xunit.Abstractions;

namespace ParticipantData.Emulator.BrowserTests;

/// <summary>The dashboard end to end: a real emulator on 127.0.0.1:0, a real client, and Chromium reading the page.</summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static ParticipantDataClient ClientFor(EmulatorHost host) => new(new ParticipantDataClientOptions
    {
        ApiUrl = host.BaseUri,
        ClientId = host.DefaultClient.ClientId,
        ClientSecret = host.DefaultClient.ClientSecret,
    });

    private static ILocator Card(IPage page, string conversationId) => page.Locator($"[data-conversation-id='{conversationId}']");

    [Fact]
    public async Task A_PATCH_made_through_the_client_appears_on_the_page_within_a_second_with_who_wrote_it()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var client = ClientFor(emulator);
        var call = await emulator.CreateConversationAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);
        await Assertions.Expect(Card(page, call.Id)).ToBeVisibleAsync();

        var watch = Stopwatch.StartNew();
        await client.SetParticipantAttributesAsync(ConversationId.Parse(call.Id), ParticipantSelector.Customer, new Dictionary<string, string> { ["loyalty_tier"] = "gold" });
        var value = Card(page, call.Id).Locator("[data-purpose='customer'] [data-key='loyalty_tier'] [data-testid='attribute-value']");
        await Assertions.Expect(value).ToHaveTextAsync("gold", new LocatorAssertionsToHaveTextOptions { Timeout = 1000 });
        output.WriteLine($"PATCH to page: {watch.ElapsedMilliseconds} ms");

        await Assertions.Expect(Card(page, call.Id).Locator("[data-key='loyalty_tier'] [data-testid='attribute-writer']"))
            .ToContainTextAsync("api: " + emulator.DefaultClient.ClientId);
        output.WriteLine("screenshot: " + await Chromium.ScreenshotAsync(page, "patch-live"));
    }

    [Fact]
    public async Task The_disconnect_button_ends_the_call_and_the_client_sees_it_ended()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var client = ClientFor(emulator);
        var call = await emulator.CreateConversationAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);
        (await client.GetConversationAsync(ConversationId.Parse(call.Id))).IsActive.ShouldBeTrue();

        await Card(page, call.Id).GetByTestId("disconnect").ClickAsync();

        await Assertions.Expect(Card(page, call.Id).GetByTestId("conversation-state")).ToHaveTextAsync("ended");
        var seen = await client.GetConversationAsync(ConversationId.Parse(call.Id));
        seen.IsActive.ShouldBeFalse();
        seen.Participants.ShouldAllBe(p => p.EndTime != null);
    }

    [Fact]
    public async Task The_journal_filters_by_path_and_status_and_shows_error_bodies()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var client = ClientFor(emulator);
        var call = await emulator.CreateConversationAsync();
        await client.SetParticipantAttributesAsync(ConversationId.Parse(call.Id), ParticipantSelector.Customer, new Dictionary<string, string> { ["case"] = "7" });
        var missing = Guid.NewGuid().ToString();
        await Should.ThrowAsync<ParticipantDataException>(() => client.GetConversationAsync(ConversationId.Parse(missing)));
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);
        var rows = page.GetByTestId("request");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "/oauth/token" })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "favicon" })).ToHaveCountAsync(0, new() { Timeout = 1 });

        await page.GetByTestId("filter-path").FillAsync("/attributes");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("PATCH");
        await Assertions.Expect(rows.First).ToContainTextAsync("202");

        await page.GetByTestId("filter-path").FillAsync("");
        await page.GetByTestId("filter-status").SelectOptionAsync("4xx");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(missing);
        await Assertions.Expect(rows.First).ToContainTextAsync("404");
        await Assertions.Expect(page.GetByTestId("error-body")).ToContainTextAsync("not.found");
        output.WriteLine("screenshot: " + await Chromium.ScreenshotAsync(page, "journal-filtered"));
    }

    [Fact]
    public async Task A_guest_s_conversation_shows_live_with_its_custom_attributes_written_by_the_guest()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);
        await using var guest = new WebMessagingGuest(new WebMessagingGuestOptions
        {
            WebSocketUri = WebMessagingGuest.GuestUriFor(emulator.BaseUri),
            DeploymentId = WebMessagingOptions.DefaultDeploymentId,
        });
        await guest.ConnectAsync();
        guest.SetCustomAttributes(new Dictionary<string, string> { ["loyalty_tier"] = "gold", ["note"] = "<script>alert(1)</script>" });

        var receipt = await guest.SendAsync("hi");

        var card = Card(page, receipt.ConversationId!);
        await Assertions.Expect(card.Locator("[data-key='loyalty_tier'] [data-testid='attribute-value']")).ToHaveTextAsync("gold", new LocatorAssertionsToHaveTextOptions { Timeout = 1000 });
        await Assertions.Expect(card.Locator("[data-key='loyalty_tier'] [data-testid='attribute-writer']")).ToContainTextAsync("guest");
        await Assertions.Expect(card.Locator("[data-key='note'] [data-testid='attribute-value']")).ToHaveTextAsync("<script>alert(1)</script>");
        (await card.GetAttributeAsync("data-media")).ShouldBe("message");
    }

    [Fact]
    public async Task A_guest_s_conversation_routed_by_an_inbound_message_flow_shows_the_flow_s_write_and_queue()
    {
        var flow = ParticipantData.Architect.Flows.Flow.Parse("""
            inboundMessage:
              name: Messaging Routing
              startUpRef: "/inboundMessage/states/state[Route]"
              states:
                - state:
                    name: Route
                    actions:
                      - getParticipantData:
                          name: Read
                          attributes:
                            - attribute: {name: {lit: loyalty_tier}, variable: Flow.tier}
                      - setParticipantData:
                          name: Record
                          attributes:
                            - attribute: {name: {lit: routed_by}, value: {lit: messaging-routing}}
                      - transferToAcd: {name: To Gold, targetQueue: {lit: {name: Gold Support}}}
            """, "flow.yaml");
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { WebMessaging = { Flow = new WebMessaging.ArchitectMessageFlow(flow) } });
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);
        await using var guest = new WebMessagingGuest(new WebMessagingGuestOptions
        {
            WebSocketUri = WebMessagingGuest.GuestUriFor(emulator.BaseUri),
            DeploymentId = WebMessagingOptions.DefaultDeploymentId,
        });
        await guest.ConnectAsync();
        guest.SetCustomAttributes(new Dictionary<string, string> { ["loyalty_tier"] = "gold" });

        var receipt = await guest.SendAsync("hi");

        var card = Card(page, receipt.ConversationId!);
        await Assertions.Expect(card.Locator("[data-key='routed_by'] [data-testid='attribute-writer']")).ToContainTextAsync("flow: Inbound Message Flow");
        await Assertions.Expect(card.Locator("[data-key='loyalty_tier'] [data-testid='attribute-writer']")).ToContainTextAsync("guest");
        await Assertions.Expect(card.Locator("[data-purpose='acd']")).ToContainTextAsync("Gold Support");
        output.WriteLine("screenshot: " + await Chromium.ScreenshotAsync(page, "message-flow"));
    }

    [Fact]
    public async Task The_statistics_charts_draw_requests_409s_429s_5xx_and_write_backs_over_time()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { RequestsPerMinute = 3 });
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);
        await Assertions.Expect(page.GetByTestId("chart-requests")).ToBeVisibleAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var token = await TokenAsync(http, emulator);
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/conversations/3fa85f64-5717-4562-b3fc-2c963f66afa6");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await http.SendAsync(request)).Dispose(); // 404s, then 429s past the third request of the minute
        }

        foreach (var key in new[] { "requests", "conflicts", "throttled", "serverErrors", "writeBacks" })
        {
            await Assertions.Expect(page.GetByTestId("chart-" + key).Locator("svg")).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByTestId("chart-requests").Locator("rect").First).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByTestId("chart-throttled").Locator("rect").First).ToBeAttachedAsync();
        (await page.GetByTestId("chart-serverErrors").Locator("rect").CountAsync()).ShouldBe(0, "no 5xx happened");
        output.WriteLine("screenshot: " + await Chromium.ScreenshotAsync(page, "charts"));
    }

    [Fact]
    public async Task The_buttons_load_and_clear_chaos_create_conversations_and_drop_or_expire_a_channel()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(emulator.BaseUri);

        await page.GetByTestId("load-chaos").ClickAsync();
        await Assertions.Expect(page.GetByTestId("faultplan")).ToContainTextAsync("chaos");
        await Assertions.Expect(page.GetByTestId("rule")).ToHaveCountAsync(4);
        emulator.FaultPlan.ShouldNotBeNull().Name.ShouldBe("chaos");
        await page.GetByTestId("clear-faults").ClickAsync();
        await Assertions.Expect(page.GetByTestId("faultplan")).ToContainTextAsync("No fault plan in force.");
        emulator.FaultPlan.ShouldBeNull();

        await page.GetByTestId("create-call").ClickAsync();
        await page.GetByTestId("create-message").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='conversation'][data-media='call']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid='conversation'][data-media='message']")).ToHaveCountAsync(1);
        emulator.Conversations.Select(c => c.MediaType).Order().ShouldBe(["call", "message"]);

        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var token = await TokenAsync(http, emulator);
        var channels = new[] { await CreateChannelAsync(http, token), await CreateChannelAsync(http, token) };
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(new Uri(channels[1].ConnectUri), CancellationToken.None).WaitAsync(Bound);
        await Assertions.Expect(page.GetByTestId("channel")).ToHaveCountAsync(2);
        output.WriteLine("screenshot: " + await Chromium.ScreenshotAsync(page, "buttons"));

        await page.Locator($"[data-channel-id='{channels[0].Id}']").GetByTestId("expire-channel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("channel")).ToHaveCountAsync(1);
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"/api/v2/notifications/channels/{channels[0].Id}"))
        {
            head.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await http.SendAsync(head)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound, "an expired channel is gone");
        }

        await page.Locator($"[data-channel-id='{channels[1].Id}']").GetByTestId("drop-channel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-status")).ToContainTextAsync("done");
        var dropped = await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Bound);
            }
        });
        dropped.ShouldNotBeNull("the socket was dropped without a close frame");
    }

    [Theory]
    [InlineData(1280, 800, "desktop-1280x800")]
    [InlineData(390, 844, "narrow-390x844")]
    public async Task The_page_is_readable_at_1280x800_and_on_a_narrow_window(int width, int height, string name)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true, FaultPlan = FaultPlan.Chaos(1) });
        using var client = ClientFor(emulator);
        var call = emulator.Conversations.First(c => c.MediaType == "call");
        await client.SetParticipantAttributesAsync(ConversationId.Parse(call.Id), ParticipantSelector.Customer,
            new Dictionary<string, string> { ["loyalty_tier"] = "gold", ["crm.case"] = "CASE-1042" });
        await using var chromium = await Chromium.LaunchAsync(width, height);
        var page = await chromium.OpenAsync(emulator.BaseUri);
        await Assertions.Expect(page.GetByTestId("attribute-value").First).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, "no horizontal scrolling");
        var smallest = await page.EvaluateAsync<double>(
            "() => Math.min(...[...document.querySelectorAll('body *')].filter(e => e.offsetParent && e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))");
        smallest.ShouldBeGreaterThanOrEqualTo(10, "no text smaller than 10 px");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Conversations" })).ToBeInViewportAsync();
        output.WriteLine("screenshot: " + await Chromium.ScreenshotAsync(page, name));
    }

    private static async Task<string> TokenAsync(HttpClient http, EmulatorHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(host.DefaultClient.ClientId + ":" + host.DefaultClient.ClientSecret)));
        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }

    private static async Task<(string Id, string ConnectUri)> CreateChannelAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/notifications/channels");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request).WaitAsync(Bound);
        var channel = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (channel["id"]!.GetValue<string>(), channel["connectUri"]!.GetValue<string>());
    }
}
