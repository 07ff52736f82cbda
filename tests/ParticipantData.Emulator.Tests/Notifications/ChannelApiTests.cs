using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;
using ParticipantData.Testing;

namespace ParticipantData.Emulator.Tests.Notifications;

public sealed class ChannelApiTests
{
    [Fact]
    public async Task Creating_a_channel_answers_its_id_a_connect_uri_on_the_emulators_origin_and_expires_in_24_hours()
    {
        var clock = new ManualTimeProvider();
        await using var emu = await TestEmulator.StartAsync(o => o.TimeProvider = clock);

        var channel = await Channels.CreateAsync(emu);

        var id = channel["id"].Str();
        Guid.TryParseExact(id, "D", out _).ShouldBeTrue();
        channel["connectUri"].Str().ShouldBe($"ws://127.0.0.1:{emu.Host.BaseUri.Port}/channels/{id}");
        channel["expires"].Str().ShouldBe("2026-11-22T09:00:00.000Z");
        channel.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Listing_channels_shows_the_tokens_own_by_default_and_the_whole_clients_with_includechannels_oauthclient()
    {
        await using var emu = await TestEmulator.StartAsync();
        var tokenA = await emu.TokenAsync();
        var tokenB = await emu.TokenAsync();
        var a = await Channels.CreateAsync(emu, tokenA);
        var b = await Channels.CreateAsync(emu, tokenB);

        using var byToken = await emu.GetAsync("/api/v2/notifications/channels", tokenA);
        using var byClient = await emu.GetAsync("/api/v2/notifications/channels?includechannels=oauthclient", tokenA);
        using var invalid = await emu.GetAsync("/api/v2/notifications/channels?includechannels=everything", tokenA);

        Ids(await byToken.JsonObjectAsync()).ShouldBe([a["id"].Str()]);
        Ids(await byClient.JsonObjectAsync()).ShouldBe([a["id"].Str(), b["id"].Str()]);
        (await byClient.JsonObjectAsync())["entities"]![0]!["connectUri"].Str().ShouldBe(a["connectUri"].Str());
        await invalid.ShouldBeErrorAsync(400, "invalid.value", "[everything]", "token, oauthclient");
    }

    [Fact]
    public async Task Head_is_200_for_the_callers_channel_and_404_for_unknown_ones_and_other_clients_channels()
    {
        var other = new EmulatorOAuthClient("other-client", "other-secret", ["*"]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(other));
        var channel = await Channels.CreateAsync(emu);
        var path = "/api/v2/notifications/channels/" + channel["id"].Str();

        using var own = await emu.SendAsync(HttpMethod.Head, path);
        using var unknown = await emu.SendAsync(HttpMethod.Head, "/api/v2/notifications/channels/" + Guid.NewGuid());
        using var foreign = await emu.SendAsync(HttpMethod.Head, path, token: await emu.TokenAsync(other));

        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Channels_need_a_token_like_every_api_call()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PostAsync("/api/v2/notifications/channels", null);

        await response.ShouldBeErrorAsync(401, "authentication.required");
    }

    [Fact]
    public async Task A_get_of_a_single_channel_does_not_exist_on_the_platform_and_is_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = await Channels.CreateAsync(emu);

        using var response = await emu.GetAsync("/api/v2/notifications/channels/" + channel["id"].Str());

        await response.ShouldBeErrorAsync(404, "not.found", "there is no GET");
    }

    [Fact]
    public async Task Put_replaces_post_adds_get_lists_and_delete_removes_all_subscriptions()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = (await Channels.CreateAsync(emu))["id"].Str();
        string[] topics = [Channels.AttributesTopic(Ids3[0]), $"v2.routing.queues.{Ids3[1]}.conversations", $"v2.users.{Ids3[2]}.conversations"];

        using (var put = await Channels.PutAsync(emu, channel, topics[..2]))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
            var listing = await put.JsonObjectAsync();
            Topics(listing).ShouldBe(topics[..2]);
            listing["entities"]!.AsArray().ShouldAllBe(t => t!["state"]!.GetValue<string>() == "Permitted");
        }

        using (var post = await Channels.PostAsync(emu, channel, [topics[2], topics[0]]))
        {
            Topics(await post.JsonObjectAsync()).ShouldBe(topics);
        }

        using (var replace = await Channels.PutAsync(emu, channel, [topics[1]]))
        {
            Topics(await replace.JsonObjectAsync()).ShouldBe([topics[1]]);
        }

        using (var get = await emu.GetAsync(Channels.SubscriptionsPath(channel)))
        {
            Topics(await get.JsonObjectAsync()).ShouldBe([topics[1]]);
        }

        using (var delete = await emu.SendAsync(HttpMethod.Delete, Channels.SubscriptionsPath(channel)))
        {
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var after = await emu.GetAsync(Channels.SubscriptionsPath(channel));
        Topics(await after.JsonObjectAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Topic_ids_are_stored_in_canonical_lower_case_form()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = (await Channels.CreateAsync(emu))["id"].Str();
        var id = Guid.NewGuid().ToString("D");

        using var put = await Channels.PutAsync(emu, channel, [Channels.AttributesTopic(id.ToUpperInvariant())]);

        Topics(await put.JsonObjectAsync()).ShouldBe([Channels.AttributesTopic(id)]);
    }

    [Fact]
    public async Task An_unknown_topic_is_a_400_naming_it_and_nothing_is_subscribed()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = (await Channels.CreateAsync(emu))["id"].Str();

        using var response = await Channels.PutAsync(emu, channel, [Channels.AttributesTopic(Ids3[0]), "v2.conversations.not-a-topic"]);

        await response.ShouldBeErrorAsync(400, "bad.request", "[v2.conversations.not-a-topic]", "v2.detail.events.conversation.{conversationId}.attributes");
        using var get = await emu.GetAsync(Channels.SubscriptionsPath(channel));
        Topics(await get.JsonObjectAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task With_ignoreErrors_an_unknown_topic_is_rejected_and_the_others_are_permitted()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = (await Channels.CreateAsync(emu))["id"].Str();

        using var response = await Channels.PutAsync(emu, channel, [Channels.AttributesTopic(Ids3[0]), "v2.users.me.presence"], ignoreErrors: true);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var entities = (await response.JsonObjectAsync())["entities"]!.AsArray();
        entities.Count.ShouldBe(2);
        entities[0]!["state"].Str().ShouldBe("Permitted");
        entities[1]!["id"].Str().ShouldBe("v2.users.me.presence");
        entities[1]!["state"].Str().ShouldBe("Rejected");
        entities[1]!["rejectionReason"].Str().ShouldContain("not a topic the emulator serves");
        using var get = await emu.GetAsync(Channels.SubscriptionsPath(channel));
        Topics(await get.JsonObjectAsync()).ShouldBe([Channels.AttributesTopic(Ids3[0])]);
    }

    [Fact]
    public async Task A_topic_the_client_lacks_the_permission_for_is_403_or_rejected_with_ignoreErrors()
    {
        var limited = new EmulatorOAuthClient("limited", "limited-secret", ["conversation:communication:view"]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(limited));
        var token = await emu.TokenAsync(limited);
        var channel = (await Channels.CreateAsync(emu, token))["id"].Str();
        var userTopic = $"v2.users.{Ids3[2]}.conversations";
        var queueTopic = $"v2.routing.queues.{Ids3[1]}.conversations";

        using var refused = await Channels.PutAsync(emu, channel, [userTopic, queueTopic], token);
        using var ignored = await Channels.PutAsync(emu, channel, [userTopic, queueTopic], token, ignoreErrors: true);

        await refused.ShouldBeErrorAsync(403, "missing.permissions", "routing:queue:view");
        var entities = (await ignored.JsonObjectAsync())["entities"]!.AsArray();
        entities.Select(e => (e!["id"].Str(), e["state"].Str())).ShouldBe([(userTopic, "Permitted"), (queueTopic, "Rejected")]);
        entities[1]!["missingPermissions"]!.AsArray().Select(p => p.Str()).ShouldBe(["routing:queue:view"]);
    }

    [Theory]
    [InlineData("{\"id\":\"x\"}", "application/json", 400, "bad.request", "must be a JSON array")]
    [InlineData("[{\"topic\":\"x\"}]", "application/json", 400, "invalid.value", "Topic [0] has no [id]")]
    [InlineData("[{\"id\":", "application/json", 400, "bad.request", "malformed syntax")]
    [InlineData("[]", "text/plain", 415, "unsupported.media.type", "text/plain")]
    public async Task A_malformed_subscription_body_is_refused_saying_why(string body, string contentType, int status, string code, string message)
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = (await Channels.CreateAsync(emu))["id"].Str();

        using var response = await emu.SendAsync(HttpMethod.Put, Channels.SubscriptionsPath(channel), new StringContent(body, System.Text.Encoding.UTF8, contentType));

        await response.ShouldBeErrorAsync(status, code, message);
    }

    [Fact]
    public async Task Subscriptions_of_an_unknown_or_foreign_channel_are_404()
    {
        var other = new EmulatorOAuthClient("other-client", "other-secret", ["*"]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(other));
        var channel = (await Channels.CreateAsync(emu))["id"].Str();

        using var unknown = await emu.GetAsync(Channels.SubscriptionsPath(Guid.NewGuid().ToString()));
        using var foreign = await Channels.PutAsync(emu, channel, [Channels.AttributesTopic(Ids3[0])], await emu.TokenAsync(other));

        await unknown.ShouldBeErrorAsync(404, "not.found", "POST /api/v2/notifications/channels");
        await foreign.ShouldBeErrorAsync(404, "not.found", channel);
    }

    [Fact]
    public async Task A_channel_holds_1000_topics_and_a_subscription_beyond_that_is_a_400_naming_the_limit_that_changes_nothing()
    {
        await using var emu = await TestEmulator.StartAsync();
        var channel = (await Channels.CreateAsync(emu))["id"].Str();
        var thousand = Enumerable.Range(0, 1000).Select(_ => Channels.AttributesTopic(Guid.NewGuid().ToString())).ToList();

        using (var full = await Channels.PutAsync(emu, channel, thousand))
        {
            full.StatusCode.ShouldBe(HttpStatusCode.OK);
            Topics(await full.JsonObjectAsync()).Count.ShouldBe(1000);
        }

        using var oneMore = await Channels.PostAsync(emu, channel, [Channels.AttributesTopic(Guid.NewGuid().ToString())]);
        using var tooMany = await Channels.PutAsync(emu, channel, thousand.Append(Channels.AttributesTopic(Guid.NewGuid().ToString())));

        var body = await oneMore.ShouldBeErrorAsync(400, "bad.request", "would have 1001 topics", "at most 1000 topics");
        body["limit"]!["namespace"].Str().ShouldBe("notifications");
        body["limit"]!["key"].Str().ShouldBe("max.topics.per.channel");
        body["limit"]!["value"]!.GetValue<long>().ShouldBe(1000);
        await tooMany.ShouldBeErrorAsync(400, "bad.request", "would have 1001 topics");
        using var get = await emu.GetAsync(Channels.SubscriptionsPath(channel));
        Topics(await get.JsonObjectAsync()).ShouldBe(thousand);
    }

    [Fact]
    public async Task The_topic_limit_is_configurable_and_duplicates_count_once()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Notifications.MaxTopicsPerChannel = 2);
        var channel = (await Channels.CreateAsync(emu))["id"].Str();

        using var two = await Channels.PutAsync(emu, channel, [Channels.AttributesTopic(Ids3[0]), Channels.AttributesTopic(Ids3[1]), Channels.AttributesTopic(Ids3[0])]);
        using var three = await Channels.PostAsync(emu, channel, [Channels.AttributesTopic(Ids3[2])]);

        two.StatusCode.ShouldBe(HttpStatusCode.OK);
        await three.ShouldBeErrorAsync(400, "bad.request", "would have 3 topics", "at most 2 topics");
    }

    private static readonly string[] Ids3 = [.. Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("D"))];

    private static List<string> Ids(JsonObject listing) => listing["entities"]!.AsArray().Select(e => e!["id"].Str()).ToList();

    private static List<string> Topics(JsonObject listing) =>
        listing["entities"]!.AsArray().Where(e => e!["state"].Str() == "Permitted").Select(e => e!["id"].Str()).ToList();
}
