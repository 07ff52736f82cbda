using System.Net.Http.Headers;
using System.Text;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// Bytes that are not UTF-8 and strings that are not Unicode get 400 naming what is wrong, on every JSON body
/// the emulator reads, and nothing is written. (Regression: 208 answers of 500 from such bodies.)
/// </summary>
public sealed class MalformedBodyTests
{
    public static TheoryData<string, byte[], string> BadBodies => new()
    {
        { "invalid UTF-8 in a value", Bytes("{\"attributes\":{\"k\":\"", [0xC3, 0x28], "\"}}"), "not valid UTF-8" },
        { "Latin-1 in a key", Bytes("{\"attributes\":{\"caf", [0xE9], "\":\"v\"}}"), "not valid UTF-8" },
        { "overlong UTF-8", Bytes("{\"attributes\":{\"k\":\"", [0xC0, 0xAF], "\"}}"), "not valid UTF-8" },
        { "a UTF-8 encoded surrogate", Bytes("{\"attributes\":{\"k\":\"", [0xED, 0xA0, 0x80], "\"}}"), "not valid UTF-8" },
        { "a lone surrogate escape in a value", Encoding.ASCII.GetBytes("""{"attributes":{"k":"\ud800"}}"""), "not valid Unicode" },
        { "a lone low surrogate escape in a key", Encoding.ASCII.GetBytes("""{"attributes":{"\udc00x":"v"}}"""), "not valid Unicode" },
        { "reversed surrogates", Encoding.ASCII.GetBytes("""{"attributes":{"k":"\udc00\ud800"}}"""), "not valid Unicode" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task An_attribute_patch_with_a_broken_body_is_400_and_writes_nothing(string what, byte[] body, string expected)
    {
        _ = what;
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var customer = conversation.ParticipantId("customer");

        foreach (var path in new[]
        {
            $"/api/v2/conversations/{conversation.Id()}/participants/{customer}/attributes",
            $"/api/v2/conversations/calls/{conversation.Id()}/participants/{customer}/attributes",
        })
        {
            using var response = await emu.SendAsync(HttpMethod.Patch, path, JsonBytes(body));
            await response.ShouldBeErrorAsync(400, "bad.request", expected);
        }

        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
        emu.Host.Statistics.InternalErrors.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task An_admin_create_with_a_broken_body_is_400_and_creates_nothing(string what, byte[] body, string expected)
    {
        _ = what;
        await using var emu = await TestEmulator.StartAsync();
        var create = Encoding.UTF8.GetString(body).Contains("attributes", StringComparison.Ordinal)
            ? Bytes("""{"participants":[{"purpose":"customer",""", [], "")
                .Concat(body[1..^1]).Concat(Encoding.ASCII.GetBytes("}]}")).ToArray()
            : body;

        using var response = await emu.Http.PostAsync("/emulator/v1/conversations", JsonBytes(create));

        await response.ShouldBeErrorAsync(400, "bad.request", expected);
        emu.Host.Conversations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x72, 0x75, 0x6C, 0x65, 0x73, 0x22, 0x3A, 0x5B, 0x5D, 0x2C, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D }, "not valid UTF-8")]
    public async Task A_fault_plan_that_is_not_utf8_is_400(byte[] body, string expected)
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PutAsync("/emulator/v1/faultplan", JsonBytes(body));

        await response.ShouldBeErrorAsync(400, "bad.request", expected);
        emu.Host.FaultPlan.ShouldBeNull();
    }

    [Fact]
    public async Task A_fault_plan_with_a_lone_surrogate_is_400()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PutAsync("/emulator/v1/faultplan", TestEmulator.Json("""{"name":"\ud800","rules":[]}"""));

        await response.ShouldBeErrorAsync(400, "bad.request", "not valid Unicode");
        emu.Host.FaultPlan.ShouldBeNull();
    }

    [Fact]
    public async Task A_subscription_body_with_a_lone_surrogate_is_400()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        using var created = await emu.SendAsync(HttpMethod.Post, "/api/v2/notifications/channels", null, token);
        var channel = (await created.JsonObjectAsync())["id"].Str();

        using var response = await emu.SendAsync(HttpMethod.Put, $"/api/v2/notifications/channels/{channel}/subscriptions",
            JsonBytes(Encoding.ASCII.GetBytes("""[{"id":"v2.detail.events.conversation.\ud800.attributes"}]""")), token);

        await response.ShouldBeErrorAsync(400, "bad.request", "not valid Unicode");
    }

    [Fact]
    public async Task A_malformed_json_message_carries_no_parser_internals()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();

        using var response = await emu.PatchJsonAsync(
            $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes", "{\"attributes\": x}");

        var body = await response.ShouldBeErrorAsync(400, "bad.request", "malformed syntax", "(line 1, byte 16)");
        body["message"].Str().ShouldNotContain("LineNumber");
        body["message"].Str().ShouldNotContain("BytePositionInLine");
    }

    [Fact]
    public async Task A_chunk_size_past_any_integer_is_400_not_500()
    {
        await using var emu = await TestEmulator.StartAsync();
        var conversation = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var request = RawHttp.Request(emu.Host.BaseUri, "PATCH",
            $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes",
            token, "application/json", Encoding.ASCII.GetBytes("FFFFFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"),
            ["Transfer-Encoding: chunked"]);

        var response = await RawHttp.SendRawAsync(emu.Host.BaseUri, request);

        response.Status.ShouldBe(400, response.Body);
        emu.Host.Statistics.Count(500).ShouldBe(0);
        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_naming_the_limit()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Limits.MaxRequestBodyBytes = 1000);
        var conversation = await emu.CreateConversationAsync();
        var big = "{\"attributes\":{\"k\":\"" + new string('x', 2000) + "\"}}";

        using var response = await emu.PatchJsonAsync(
            $"/api/v2/conversations/{conversation.Id()}/participants/{conversation.ParticipantId("customer")}/attributes", big);

        await response.ShouldBeErrorAsync(413, "request.entity.too.large", "1000 bytes", "MaxRequestBodyBytes");
        emu.Host.Conversations.Single().Participants.ShouldAllBe(p => p.Attributes.Count == 0);
    }

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.ASCII.GetBytes(before), .. middle, .. Encoding.ASCII.GetBytes(after)];

    private static ByteArrayContent JsonBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
