using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Notifications;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.WebMessaging;

public sealed class GuestMessageTests
{
    private static readonly Dictionary<string, string> Gold = new() { ["loyalty_tier"] = "gold", ["device"] = "mobile" };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_first_message_creates_a_message_conversation_whose_customer_holds_the_custom_attributes(bool legacyPlacement)
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var answer = await guest.SendMessageAsync("hi", Gold, legacyPlacement);

        answer["type"].Str().ShouldBe("message");
        answer["class"].Str().ShouldBe("StructuredMessage");
        answer["body"]!["text"].Str().ShouldBe("hi");
        answer["body"]!["direction"].Str().ShouldBe("Inbound");
        answer["body"]!["channel"]!["metadata"]!["customAttributes"]!["loyalty_tier"].Str().ShouldBe("gold");
        var conversationId = answer["conversationId"].Str();
        using var response = await emu.GetAsync($"/api/v2/conversations/messages/{conversationId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversation = await response.JsonObjectAsync();
        var customer = conversation.Participant("customer");
        customer["name"].Str().ShouldBe("Web Messaging Guest");
        customer["attributes"]!["loyalty_tier"].Str().ShouldBe("gold");
        customer["attributes"]!["device"].Str().ShouldBe("mobile");
        customer["type"].Str().ShouldBe("webmessaging");
    }

    [Fact]
    public async Task In_both_placements_at_once_the_message_s_own_attributes_win_on_the_same_key()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        await guest.RequestAsync(JsonNode.Parse("""
            {"action":"onMessage","token":"TOKEN",
             "channel":{"metadata":{"customAttributes":{"tier":"legacy","only_legacy":"1"}}},
             "message":{"type":"Text","text":"hi","channel":{"metadata":{"customAttributes":{"tier":"message"}}}}}
            """.Replace("TOKEN", guest.Token, StringComparison.Ordinal))!.AsObject());

        var attributes = emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes;
        attributes["tier"].ShouldBe("message");
        attributes["only_legacy"].ShouldBe("1");
    }

    [Fact]
    public async Task Later_messages_update_the_attributes_and_a_message_without_any_keeps_them()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var id = (await guest.SendMessageAsync("one", new Dictionary<string, string> { ["tier"] = "silver", ["case"] = "42" }))["conversationId"].Str();
        (await guest.SendMessageAsync("two", new Dictionary<string, string> { ["tier"] = "gold" }))["conversationId"].Str().ShouldBe(id);
        (await guest.SendMessageAsync("three"))["conversationId"].Str().ShouldBe(id);

        var conversation = emu.Host.Conversations.ShouldHaveSingleItem();
        conversation.MediaType.ShouldBe("message");
        var attributes = conversation.Participants.Single(p => p.Purpose == "customer").Attributes;
        attributes.OrderBy(a => a.Key).ShouldBe([new("case", "42"), new("tier", "gold")]);
    }

    [Fact]
    public async Task An_Event_message_delivers_attributes_without_text_as_the_mobile_SDK_s_autostart_does()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var answer = await guest.RequestAsync(JsonNode.Parse("""
            {"action":"onMessage","token":"TOKEN",
             "message":{"type":"Event","events":[{"eventType":"Presence","presence":{"type":"Join"}}],
                        "channel":{"metadata":{"customAttributes":{"source":"autostart"}}}}}
            """.Replace("TOKEN", guest.Token, StringComparison.Ordinal))!.AsObject());

        answer["code"]!.GetValue<int>().ShouldBe(200);
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes["source"].ShouldBe("autostart");
    }

    [Fact]
    public async Task Attributes_of_exactly_maxCustomDataBytes_are_accepted_and_one_byte_more_gets_4013_and_changes_nothing()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.MaxCustomDataBytes = 100);
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        // "é" is 2 bytes in UTF-8: key 4 + value 2 + 94 = 100 bytes.
        var exact = new Dictionary<string, string> { ["note"] = "é" + new string('x', 94) };
        var over = new Dictionary<string, string> { ["note"] = "é" + new string('x', 95) };

        var tooLarge = await guest.SendMessageAsync("over", over);

        tooLarge["type"].Str().ShouldBe("response");
        tooLarge["class"].Str().ShouldBe("string");
        tooLarge["code"]!.GetValue<int>().ShouldBe(4013);
        tooLarge["body"].Str().ShouldBe("Error: Custom attributes exceed allowed max size of 100 bytes.");
        emu.Host.Conversations.ShouldBeEmpty("a refused message is not delivered");

        (await guest.SendMessageAsync("exact", exact))["code"]!.GetValue<int>().ShouldBe(200);
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes["note"].ShouldBe(exact["note"]);
        (await guest.SendMessageAsync("over again", over))["code"]!.GetValue<int>().ShouldBe(4013);
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes["note"].ShouldBe(exact["note"]);
    }

    [Fact]
    public async Task A_custom_attribute_that_is_not_a_string_gets_400_naming_it()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        var answer = await guest.RequestAsync(JsonNode.Parse("""
            {"action":"onMessage","token":"TOKEN","message":{"type":"Text","text":"hi","channel":{"metadata":{"customAttributes":{"points":42}}}}}
            """.Replace("TOKEN", guest.Token, StringComparison.Ordinal))!.AsObject());

        answer["code"]!.GetValue<int>().ShouldBe(400);
        answer["body"].Str().ShouldBe("message.channel.metadata.customAttributes[points] must be a string, not a number: custom attributes are a map of strings.");
    }

    [Fact]
    public async Task The_mapping_is_configurable_a_key_prefix_or_no_participant_data_at_all()
    {
        await using (var prefixed = await TestEmulator.StartAsync(o => o.WebMessaging.AttributeKeyPrefix = "context."))
        {
            await using var guest = await GuestSocket.ConnectAsync(prefixed.Host);
            await guest.ConfigureAsync();
            await guest.SendMessageAsync("hi", Gold);
            prefixed.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes.Keys
                .Order().ShouldBe(["context.device", "context.loyalty_tier"]);
        }

        await using var off = await TestEmulator.StartAsync(o => o.WebMessaging.CustomAttributesToParticipantData = false);
        await using var other = await GuestSocket.ConnectAsync(off.Host);
        await other.ConfigureAsync();
        await other.SendMessageAsync("hi", Gold);
        off.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_legacy_placement_can_be_ignored()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.AcceptLegacyPlacement = false);
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();

        await guest.SendMessageAsync("hi", Gold, legacyPlacement: true);

        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_platform_side_reads_patches_and_is_notified_of_the_guest_s_attributes()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        var conversationId = (await guest.SendMessageAsync("hi", Gold))["conversationId"].Str();
        var conversation = await (await emu.GetAsync($"/api/v2/conversations/{conversationId}")).JsonObjectAsync();
        var customer = conversation.ParticipantId("customer");
        var channel = await Channels.CreateAsync(emu);
        await Channels.SubscribeAsync(emu, channel["id"].Str(), Channels.AttributesTopic(conversationId));
        await using var notifications = await NotificationSocket.ConnectAsync(channel["connectUri"].Str());

        using var patch = await emu.PatchJsonAsync($"/api/v2/conversations/messages/{conversationId}/participants/{customer}/attributes", """{"attributes":{"case":"7"}}""");
        patch.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await notifications.ReceiveEventAsync())["eventBody"]!["attributes"]!["case"].Str().ShouldBe("7");
        await guest.SendMessageAsync("upgrade", new Dictionary<string, string> { ["loyalty_tier"] = "platinum" });

        var published = await notifications.ReceiveEventAsync();
        published["eventBody"]!["participantId"].Str().ShouldBe(customer);
        published["eventBody"]!["attributes"]!.AsObject().Select(a => a.Key).ShouldBe(["loyalty_tier"]);
        var attributes = (await (await emu.GetAsync($"/api/v2/conversations/{conversationId}")).JsonObjectAsync()).Participant("customer")["attributes"]!;
        attributes["loyalty_tier"].Str().ShouldBe("platinum");
        attributes["case"].Str().ShouldBe("7");
    }

    [Fact]
    public async Task A_message_after_the_conversation_ended_opens_a_new_conversation()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        var first = (await guest.SendMessageAsync("hi", Gold))["conversationId"].Str();
        await emu.Host.DisconnectConversationAsync(first);

        var second = (await guest.SendMessageAsync("anyone?"))["conversationId"].Str();

        second.ShouldNotBe(first);
    }

    [Fact]
    public async Task Attributes_past_the_emulator_s_limits_get_400_and_a_full_emulator_429_and_the_socket_stays_open()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Limits.MaxAttributesPerParticipant = 2;
            o.Limits.MaxConversations = 1;
        });
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        await guest.SendMessageAsync("one", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });

        var tooMany = await guest.SendMessageAsync("two", new Dictionary<string, string> { ["c"] = "3" });
        tooMany["code"]!.GetValue<int>().ShouldBe(400);
        tooMany["body"].Str().ShouldContain("2");
        emu.Host.Conversations.Single().Participants.Single(p => p.Purpose == "customer").Attributes.ContainsKey("c").ShouldBeFalse();

        await using var other = await GuestSocket.ConnectAsync(emu.Host);
        await other.ConfigureAsync();
        var full = await other.SendMessageAsync("hello");
        full["code"]!.GetValue<int>().ShouldBe(429);
        full["body"].Str().ShouldContain("MaxConversations");
        (await other.RequestAsync(new JsonObject { ["action"] = "getConfiguration", ["deploymentId"] = WebMessagingOptions.DefaultDeploymentId }))["code"]!.GetValue<int>().ShouldBe(200);
    }

    [Fact]
    public async Task The_admin_API_sends_an_outbound_message_to_the_guest_sockets_of_a_conversation()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        var conversationId = (await guest.SendMessageAsync("hi"))["conversationId"].Str();

        using var sent = await emu.Http.PostAsync($"/emulator/v1/conversations/{conversationId}/messages", TestEmulator.Json("""{"text":"How can I help?"}"""));

        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sent.JsonObjectAsync())["delivered"]!.GetValue<int>().ShouldBe(1);
        var pushed = (await guest.ReceiveAsync())!;
        pushed["type"].Str().ShouldBe("message");
        pushed["class"].Str().ShouldBe("StructuredMessage");
        pushed["body"]!["direction"].Str().ShouldBe("Outbound");
        pushed["body"]!["text"].Str().ShouldBe("How can I help?");

        var call = await emu.CreateConversationAsync();
        using var onCall = await emu.Http.PostAsync($"/emulator/v1/conversations/{call.Id()}/messages", TestEmulator.Json("""{"text":"x"}"""));
        onCall.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var lonely = await emu.CreateConversationAsync("""{"mediaType":"message"}""");
        using var nobody = await emu.Http.PostAsync($"/emulator/v1/conversations/{lonely.Id()}/messages", TestEmulator.Json("""{"text":"x"}"""));
        nobody.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await nobody.JsonObjectAsync())["message"].Str().ShouldContain("No guest socket");
        using var noText = await emu.Http.PostAsync($"/emulator/v1/conversations/{conversationId}/messages", TestEmulator.Json("{}"));
        noText.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_frame_over_the_limit_is_closed_with_1009()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);

        await guest.SendTextAsync("{\"action\":\"echo\",\"pad\":\"" + new string('x', 300 * 1024) + "\"}");

        (await guest.ReceiveAsync()).ShouldBeNull();
        guest.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.MessageTooBig);
        guest.Socket.CloseStatusDescription.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_closed_with_1007_and_a_binary_frame_with_1003()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using (var guest = await GuestSocket.ConnectAsync(emu.Host))
        {
            await guest.SendBytesAsync([(byte)'{', 0xC3, 0x28, (byte)'}']);
            (await guest.ReceiveAsync()).ShouldBeNull();
            guest.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.InvalidPayloadData);
        }

        await using var binary = await GuestSocket.ConnectAsync(emu.Host);
        await binary.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
        (await binary.ReceiveAsync()).ShouldBeNull();
        binary.Socket.CloseStatus.ShouldBe(WebSocketCloseStatus.InvalidMessageType);
    }
}
