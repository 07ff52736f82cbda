using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.WebMessaging;

public sealed class GuestSessionTests
{
    [Fact]
    public async Task ConfigureSession_answers_a_SessionResponse_with_the_configured_maxCustomDataBytes()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.MaxCustomDataBytes = 100);
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);

        var answer = await guest.ConfigureAsync();

        answer["type"].Str().ShouldBe("response");
        answer["class"].Str().ShouldBe("SessionResponse");
        answer["code"]!.GetValue<int>().ShouldBe(200);
        var body = answer["body"]!.AsObject();
        body["connected"]!.GetValue<bool>().ShouldBeTrue();
        body["newSession"]!.GetValue<bool>().ShouldBeTrue();
        body["readOnly"]!.GetValue<bool>().ShouldBeFalse();
        body["maxCustomDataBytes"]!.GetValue<int>().ShouldBe(100);
    }

    [Fact]
    public async Task GetConfiguration_and_echo_answer_as_the_guest_API_does()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.MaxCustomDataBytes = 512);
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);

        var configuration = await guest.RequestAsync(new JsonObject
        {
            ["action"] = "getConfiguration", ["deploymentId"] = WebMessagingOptions.DefaultDeploymentId, ["tracingId"] = "t-1",
        });
        configuration["class"].Str().ShouldBe("GetConfigurationResponse");
        configuration["tracingId"].Str().ShouldBe("t-1");
        configuration["body"]!["maxCustomDataBytes"]!.GetValue<int>().ShouldBe(512);

        await guest.ConfigureAsync();
        var echo = await guest.RequestAsync(new JsonObject
        {
            ["action"] = "echo", ["token"] = guest.Token,
            ["message"] = new JsonObject { ["type"] = "Text", ["text"] = "ping", ["metadata"] = new JsonObject { ["customMessageId"] = "SGVhcnRiZWF0" } },
        });
        echo["code"]!.GetValue<int>().ShouldBe(200);
        echo["class"].Str().ShouldBe("StructuredMessage");
        echo["body"]!["text"].Str().ShouldBe("ping");
        echo["body"]!["metadata"]!["customMessageId"].Str().ShouldBe("SGVhcnRiZWF0");
        emu.Host.Conversations.ShouldBeEmpty("an echo is a health check, not a message");
    }

    [Fact]
    public async Task A_wrong_deployment_id_is_refused_with_the_ids_the_emulator_accepts_and_no_session()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.DeploymentIds.Add("second-deployment"));
        await using var guest = await GuestSocket.ConnectAsync(emu.Host, deploymentId: null);

        var answer = await guest.ConfigureAsync(deploymentId: "no-such-deployment");

        answer["code"]!.GetValue<int>().ShouldBe(403);
        answer["class"].Str().ShouldBe("string");
        answer["body"].Str().ShouldContain("Deployment [no-such-deployment] is not configured");
        answer["body"].Str().ShouldContain("second-deployment");
        var message = await guest.SendMessageAsync("hi");
        message["code"]!.GetValue<int>().ShouldBe(400);
        message["body"].Str().ShouldStartWith("Configure the session first");
        emu.Host.Conversations.ShouldBeEmpty();

        (await guest.ConfigureAsync(deploymentId: "second-deployment"))["code"]!.GetValue<int>().ShouldBe(200, "an added deployment id works");
    }

    [Fact]
    public async Task A_socket_opened_for_one_deployment_refuses_a_session_on_another()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.WebMessaging.DeploymentIds.Add("other"));
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);

        var answer = await guest.ConfigureAsync(deploymentId: "other");

        answer["code"]!.GetValue<int>().ShouldBe(400);
        answer["body"].Str().ShouldContain("differs from the socket's ?deploymentId=");
    }

    [Fact]
    public async Task A_new_socket_with_the_same_token_resumes_the_session_and_its_conversation()
    {
        await using var emu = await TestEmulator.StartAsync();
        string conversationId;
        var token = Guid.NewGuid().ToString();
        await using (var first = await GuestSocket.ConnectAsync(emu.Host, token: token))
        {
            await first.ConfigureAsync();
            conversationId = (await first.SendMessageAsync("first", new Dictionary<string, string> { ["step"] = "1" }))["conversationId"].Str();
        }

        await using var second = await GuestSocket.ConnectAsync(emu.Host, token: token);
        var session = await second.ConfigureAsync();
        session["body"]!["newSession"]!.GetValue<bool>().ShouldBeFalse();
        var answer = await second.SendMessageAsync("second", new Dictionary<string, string> { ["step"] = "2" });

        answer["conversationId"].Str().ShouldBe(conversationId);
        emu.Host.Conversations.ShouldHaveSingleItem().Participants.Single(p => p.Purpose == "customer").Attributes["step"].ShouldBe("2");
    }

    [Fact]
    public async Task A_resumeToken_resumes_an_earlier_session_under_a_new_token_and_an_unknown_one_is_4007()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var first = await GuestSocket.ConnectAsync(emu.Host);
        await first.ConfigureAsync();
        var conversationId = (await first.SendMessageAsync("hello"))["conversationId"].Str();

        await using var second = await GuestSocket.ConnectAsync(emu.Host);
        var unknown = await second.ConfigureAsync(resumeToken: "never-issued");
        unknown["code"]!.GetValue<int>().ShouldBe(4007);
        unknown["body"].Str().ShouldStartWith("Session not found");

        var resumed = await second.ConfigureAsync(resumeToken: first.Token);
        resumed["body"]!["newSession"]!.GetValue<bool>().ShouldBeFalse();
        (await second.SendMessageAsync("again"))["conversationId"].Str().ShouldBe(conversationId);
    }

    [Fact]
    public async Task StartNew_starts_a_new_session_whose_first_message_opens_a_new_conversation_and_ends_the_old_one()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);
        await guest.ConfigureAsync();
        var old = (await guest.SendMessageAsync("first"))["conversationId"].Str();

        var session = await guest.ConfigureAsync(startNew: true);
        session["body"]!["newSession"]!.GetValue<bool>().ShouldBeTrue();
        session["body"]!["clearedExistingSession"]!.GetValue<bool>().ShouldBeTrue();
        var fresh = (await guest.SendMessageAsync("second"))["conversationId"].Str();

        fresh.ShouldNotBe(old);
        emu.Host.Conversations.Single(c => c.Id == old).Ended.ShouldBeTrue();
        emu.Host.Conversations.Single(c => c.Id == fresh).Ended.ShouldBeFalse();
    }

    [Fact]
    public async Task Bad_requests_get_an_error_frame_that_says_what_to_fix_and_the_socket_stays_open()
    {
        await using var emu = await TestEmulator.StartAsync();
        await using var guest = await GuestSocket.ConnectAsync(emu.Host);

        await guest.SendTextAsync("{not json");
        var notJson = (await guest.ReceiveAsync())!;
        notJson["code"]!.GetValue<int>().ShouldBe(400);
        notJson["body"].Str().ShouldStartWith("The request is not valid JSON");

        (await guest.RequestAsync(new JsonObject { ["action"] = "dance" }))["body"].Str().ShouldContain("Unknown action [dance]");
        (await guest.RequestAsync(new JsonObject { ["action"] = "configureSession", ["deploymentId"] = WebMessagingOptions.DefaultDeploymentId }))["body"].Str()
            .ShouldStartWith("configureSession needs a token");
        await guest.ConfigureAsync();
        var wrongToken = await guest.RequestAsync(new JsonObject
        {
            ["action"] = "onMessage", ["token"] = "someone-else", ["message"] = new JsonObject { ["type"] = "Text", ["text"] = "hi" },
        });
        wrongToken["code"]!.GetValue<int>().ShouldBe(403);
        var noText = await guest.RequestAsync(new JsonObject { ["action"] = "onMessage", ["token"] = guest.Token, ["message"] = new JsonObject { ["type"] = "Text" } });
        noText["body"].Str().ShouldStartWith("message.text is required");

        (await guest.SendMessageAsync("still open"))["code"]!.GetValue<int>().ShouldBe(200);
    }

    [Fact]
    public async Task A_plain_GET_of_the_guest_endpoint_gets_a_400_that_says_to_use_a_WebSocket()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.GetAsync("/v1?deploymentId=" + WebMessagingOptions.DefaultDeploymentId);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonObjectAsync())["message"].Str().ShouldContain("web-messaging guest WebSocket");
    }
}
