using System.Net.Http.Headers;
using System.Text;
using ParticipantData.Emulator.Routing;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Conformance;

/// <summary>
/// Every implemented operation, successes and errors, checked against the swagger subset: each property
/// the emulator returns is declared (or a documented newer field) with the declared JSON type.
/// </summary>
public sealed class OpenApiConformanceTests
{
    private static readonly string[] MediaSegments = ["calls", "messages", "emails", "callbacks"];

    private readonly OpenApiSpec _spec = OpenApiSpec.Load();

    [Fact]
    public void Every_api_route_of_the_emulator_is_an_operation_of_the_spec()
    {
        var missing = new RouteTable().Routes
            .Where(r => r.Area == RouteArea.Api)
            .Where(r => !_spec.Operations.Contains((r.Method, r.Template.Text)))
            .Select(r => $"{r.Method} {r.Template.Text}")
            .ToList();

        missing.ShouldBeEmpty("routes the spec subset does not have");
    }

    [Fact]
    public async Task Success_responses_of_every_media_type_live_and_ended_match_their_schemas()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.EndedConversationWrites = EndedConversationWrites.Accept);
        var token = await emu.TokenAsync();
        var failures = new List<string>();
        string[] mediaTypes = ["call", "message", "email", "callback"];
        foreach (var (mediaType, segment) in mediaTypes.Zip(MediaSegments))
        {
            var defaults = await emu.CreateConversationAsync($$"""{"mediaType":"{{mediaType}}"}""");
            var custom = await emu.CreateConversationAsync($$$"""
                {"mediaType":"{{{mediaType}}}","participants":[
                  {"purpose":"customer","name":"Ada","attributes":{"a":"1"}},{"purpose":"agent","name":"Bob"},{"purpose":"acd"}]}
                """);
            await emu.Host.DisconnectConversationAsync(custom.Id());

            foreach (var conversation in new[] { defaults, custom })
            {
                var id = conversation.Id();
                var participant = conversation.ParticipantId("customer");
                await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{id}", token);
                await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{segment}/{id}", token);
                await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{id}/participants/{participant}/attributes", token,
                    """{"attributes":{"k":"v"}}""");
                await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{segment}/{id}/participants/{participant}/attributes", token,
                    """{"attributes":{"k":"v2"}}""", expected: 202);
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Disconnect_participant_update_and_available_topics_match_their_schemas()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        var failures = new List<string>();
        string[] mediaTypes = ["call", "message", "email", "callback"];
        foreach (var (mediaType, segment) in mediaTypes.Zip(MediaSegments))
        {
            var conversation = await emu.CreateConversationAsync($$"""{"mediaType":"{{mediaType}}","participants":[{"purpose":"customer"},{"purpose":"agent"},{"purpose":"acd"}]}""");
            var id = conversation.Id();
            var agent = conversation.ParticipantId("agent");
            await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{id}/participants/{agent}", token, """{"held":true}""", expected: 202);
            await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{segment}/{id}/participants/{agent}", token, """{"state":"disconnected"}""", expected: 202);
            await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{segment}/{id}", token, """{"state":"disconnected"}""", expected: 200);
            await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{segment}/{id}/participants/{agent}", token, """{"attributes":{"a":"b"}}""", expected: 400);
            await CheckAsync(emu, failures, HttpMethod.Patch, $"/api/v2/conversations/{segment}/{id}", token, """{"state":"connected"}""", expected: 400);
        }

        await CheckAsync(emu, failures, HttpMethod.Get, "/api/v2/notifications/availabletopics", token);
        await CheckAsync(emu, failures, HttpMethod.Get, "/api/v2/notifications/availabletopics?expand=description,requiresPermissions", token);
        await CheckAsync(emu, failures, HttpMethod.Get, "/api/v2/notifications/availabletopics?expand=nonsense", token, expected: 400);

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Error_responses_of_every_operation_match_ErrorBody()
    {
        var limited = new EmulatorOAuthClient("limited", "limited-secret", []);
        await using var emu = await TestEmulator.StartAsync(o => o.Clients.Add(limited));
        var token = await emu.TokenAsync();
        var limitedToken = await emu.TokenAsync(limited);
        var call = await emu.CreateConversationAsync();
        var ended = await emu.CreateConversationAsync("""{"mediaType":"message"}""");
        await emu.Host.DisconnectConversationAsync(ended.Id());
        var failures = new List<string>();
        var id = call.Id();
        var participant = call.ParticipantId("customer");
        var unknown = Guid.NewGuid().ToString();

        await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{id}", null, expected: 401);
        await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{id}", "expired-or-unknown", expected: 401);
        await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{id}", limitedToken, expected: 403);
        await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{unknown}", token, expected: 404);
        foreach (var segment in MediaSegments)
        {
            await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{segment}/{unknown}", token, expected: 404);
            await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{segment}/{id}", null, expected: 401);
        }

        var patchPaths = MediaSegments
            .Select(segment => $"/api/v2/conversations/{segment}/{id}/participants/{participant}/attributes")
            .Prepend($"/api/v2/conversations/{id}/participants/{participant}/attributes");
        foreach (var path in patchPaths)
        {
            await CheckAsync(emu, failures, HttpMethod.Patch, path, token, """{"attributes":{"n":1}}""", expected: 400);
            await CheckAsync(emu, failures, HttpMethod.Patch, path, token, """{"attributes":""", expected: 400);
            await CheckAsync(emu, failures, HttpMethod.Patch, path, token, """{"attributes":{"a":"b"}}""", contentType: "text/plain", expected: 415);
            await CheckAsync(emu, failures, HttpMethod.Patch, path.Replace(participant, unknown, StringComparison.Ordinal), token,
                """{"attributes":{"a":"b"}}""", expected: 404);
            await CheckAsync(emu, failures, HttpMethod.Patch, path, null, """{"attributes":{"a":"b"}}""", expected: 401);
        }

        await CheckAsync(emu, failures, HttpMethod.Patch,
            $"/api/v2/conversations/messages/{ended.Id()}/participants/{ended.ParticipantId("customer")}/attributes", token,
            """{"attributes":{"a":"b"}}""", expected: 400);

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rate_limited_responses_match_ErrorBody_with_its_newer_limit_field()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = new ParticipantData.Testing.ManualTimeProvider();
            o.RequestsPerMinute = 1;
        });
        var call = await emu.CreateConversationAsync();
        var token = await emu.TokenAsync();
        var failures = new List<string>();

        await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{call.Id()}", token, expected: 200);
        await CheckAsync(emu, failures, HttpMethod.Get, $"/api/v2/conversations/{call.Id()}", token, expected: 429);
        await CheckAsync(emu, failures, HttpMethod.Patch,
            $"/api/v2/conversations/calls/{call.Id()}/participants/{call.ParticipantId("customer")}/attributes", token,
            """{"attributes":{"a":"b"}}""", expected: 429);

        failures.ShouldBeEmpty();
    }

    [Fact]
    public void The_checker_reports_undeclared_properties_wrong_types_and_bad_dates_with_operation_and_path()
    {
        var failures = _spec.Check("GET", "/api/v2/conversations/abc", 200,
            """{"id":"abc","startTime":"yesterday","participants":[{"id":7,"state":"connected","calls":[{"state":"ringing"}]}]}""");

        failures.ShouldBe(
        [
            "GET /api/v2/conversations/{conversationId} -> 200: $.startTime: [yesterday] is not an ISO-8601 date-time (yyyy-MM-ddTHH:mm:ss.SSSZ)",
            "GET /api/v2/conversations/{conversationId} -> 200: $.participants[0].id: expected a string, got Number",
            "GET /api/v2/conversations/{conversationId} -> 200: $.participants[0].state: property [state] is not declared in Participant",
            "GET /api/v2/conversations/{conversationId} -> 200: $.participants[0].calls[0].state: [ringing] is not one of the declared values alerting, dialing, contacting, offering, connected, disconnected, terminated, converting, uploading, transmitting, none",
        ]);
        _spec.Check("PATCH", "/api/v2/conversations/abc/participants/p/attributes", 202, "{}")
            .ShouldBe(["PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes -> 202: $: the spec has no response body but the emulator sent {}"]);
        _spec.Check("GET", "/api/v2/conversations/abc", 409, "{}")
            .ShouldBe(["GET /api/v2/conversations/{conversationId} -> 409: status 409 is not documented for the operation"]);
    }

    private async Task CheckAsync(
        TestEmulator emu,
        List<string> failures,
        HttpMethod method,
        string path,
        string? token,
        string? body = null,
        string contentType = "application/json",
        int expected = 0)
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
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (expected != 0 && status != expected)
        {
            failures.Add($"{method} {path}: expected status {expected}, got {status}: {text}");
            return;
        }

        if (expected == 0 && status >= 300)
        {
            failures.Add($"{method} {path}: expected success, got {status}: {text}");
            return;
        }

        // The media PATCHes answer ParticipantAttributes since 2018 (genesys-api.md §1); the subset has no schema for it.
        var isMediaPatch = method == HttpMethod.Patch && path.EndsWith("/attributes", StringComparison.Ordinal)
            && MediaSegments.Any(s => path.StartsWith($"/api/v2/conversations/{s}/", StringComparison.Ordinal));
        failures.AddRange(_spec.Check(method.Method, path, status, text, status == 202 && isMediaPatch ? "ParticipantAttributes" : null));
    }
}
