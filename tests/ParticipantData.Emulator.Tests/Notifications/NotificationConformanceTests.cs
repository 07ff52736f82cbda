using System.Net.Http.Headers;
using System.Text;
using ParticipantData.Emulator.Tests.Conformance;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Notifications;

/// <summary>The notifications API's answers, successes and errors, against the swagger subset (plus the documented newer fields).</summary>
public sealed class NotificationConformanceTests
{
    private readonly OpenApiSpec _spec = OpenApiSpec.Load();

    [Fact]
    public async Task Channel_and_subscription_answers_match_their_schemas()
    {
        var limited = new EmulatorOAuthClient("limited", "limited-secret", ["conversation:communication:view"]);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(limited));
        var token = await emu.TokenAsync();
        var limitedToken = await emu.TokenAsync(limited);
        var channel = (await Channels.CreateAsync(emu, token))["id"].Str();
        var limitedChannel = (await Channels.CreateAsync(emu, limitedToken))["id"].Str();
        var subscriptions = Channels.SubscriptionsPath(channel);
        var topics = Channels.TopicsJson([Channels.AttributesTopic(Guid.NewGuid().ToString()), $"v2.users.{Guid.NewGuid()}.conversations"]);
        var queueTopic = Channels.TopicsJson([$"v2.routing.queues.{Guid.NewGuid()}.conversations"]);
        var failures = new List<string>();

        await CheckAsync(emu, failures, HttpMethod.Post, "/api/v2/notifications/channels", token, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Get, "/api/v2/notifications/channels?includechannels=oauthclient", token, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Put, subscriptions, token, topics, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Post, subscriptions, token, topics, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Get, subscriptions, token, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Put, Channels.SubscriptionsPath(limitedChannel, ignoreErrors: true), limitedToken, queueTopic, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Put, Channels.SubscriptionsPath(limitedChannel), limitedToken, queueTopic, expected: 403);
        await CheckAsync(emu, failures, HttpMethod.Put, subscriptions, token, """[{"id":"v2.nothing"}]""", expected: 400);
        await CheckAsync(emu, failures, HttpMethod.Put, subscriptions, token, "[]", "text/plain", expected: 415);
        await CheckAsync(emu, failures, HttpMethod.Get, Channels.SubscriptionsPath(Guid.NewGuid().ToString()), token, expected: 404);
        await CheckAsync(emu, failures, HttpMethod.Get, "/api/v2/notifications/channels", null, expected: 401);

        failures.ShouldBeEmpty();
    }

    private async Task CheckAsync(TestEmulator emu, List<string> failures, HttpMethod method, string path, string? token, string? body = null,
        string contentType = "application/json", int expected = 200)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await emu.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected)
        {
            failures.Add($"{method} {path}: expected {expected}, got {(int)response.StatusCode}: {text}");
            return;
        }

        failures.AddRange(_spec.Check(method.Method, path, expected, text));
    }
}
