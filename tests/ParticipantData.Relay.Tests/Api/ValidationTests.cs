using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ParticipantData.Relay.Tests.Support;

namespace ParticipantData.Relay.Tests.Api;

public sealed class ValidationTests
{
    private const string Conversation = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private const string Participant = "5fa85f64-5717-4562-b3fc-2c963f66afa7";

    [Theory]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"score": 720}}""", "attributes.score", "values must be strings")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"vip": true}}""", "attributes.vip", "values must be strings")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"note": null}}""", "attributes.note", "values must be strings")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {" ": "x"}}""", "attributes", "key is empty")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {}}""", "attributes", "at least one key")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7"}""", "attributes", "must be a JSON object")]
    [InlineData("""{"participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"a": "b"}}""", "conversationId", "it is missing")]
    [InlineData("""{"conversationId": "guest", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"a": "b"}}""", "conversationId", "must be a UUID")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "attributes": {"a": "b"}}""", "participantId", "Give participantId")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "purpose": "customer", "attributes": {"a": "b"}}""", "purpose", "not both")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "purpose": "guest", "attributes": {"a": "b"}}""", "purpose", "must be one of")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"a": "b"}, "deadlineSeconds": 0}""", "deadlineSeconds", "from 1 to 3600")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"a": "b"}, "deadlineSeconds": 2.5}""", "deadlineSeconds", "whole number")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "attributes": {"a": "b"}, "idempotencyKey": ""}""", "idempotencyKey", "1 to 200")]
    [InlineData("""{"conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "participantId": "5fa85f64-5717-4562-b3fc-2c963f66afa7", "atributes": {"a": "b"}}""", "atributes", "Unknown field")]
    public async Task A_write_the_platform_would_refuse_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field, string message)
    {
        await using var rig = await RelayRig.StartAsync();

        using var response = await rig.PostAsync("/v1/writes", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        error["status"]!.GetValue<int>().ShouldBe(400);
        error["message"]!.GetValue<string>().ShouldContain(message);
        error["details"]![0]!["fieldName"]!.GetValue<string>().ShouldBe(field);
        error["contextId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await rig.Relay.Store.GetStatisticsAsync(DateTimeOffset.UtcNow, default)).ByStatus.Values.Sum().ShouldBe(0);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("""{"conversationId": "a", "conversationId": "b"}""", "not valid JSON")]
    [InlineData("", "no body")]
    public async Task A_body_that_is_not_a_json_object_is_a_bad_request(string body, string message)
    {
        await using var rig = await RelayRig.StartAsync();

        using var response = await rig.PostAsync("/v1/writes", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        error["code"]!.GetValue<string>().ShouldBe("bad.request");
        error["message"]!.GetValue<string>().ShouldContain(message);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413()
    {
        await using var rig = await RelayRig.StartAsync(relay: o => o.MaxRequestBytes = 4096);
        var big = RelayRig.WriteJson(Conversation, Participant, new { notes = new string('x', 5000) });

        using var response = await rig.PostAsync("/v1/writes", big);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        error["code"]!.GetValue<string>().ShouldBe("request.entity.too.large");
        error["message"]!.GetValue<string>().ShouldContain("4096 bytes");
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_a_415()
    {
        await using var rig = await RelayRig.StartAsync();

        using var response = await rig.Http.PostAsync("/v1/writes", new StringContent("conversationId=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>().ShouldContain("send application/json");
    }

    [Fact]
    public async Task The_platform_path_validates_its_ids_and_body_as_the_platform_does()
    {
        await using var rig = await RelayRig.StartAsync();

        using var badId = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/conversations/{Conversation}/participants/guest/attributes")
        {
            Content = new StringContent("""{"attributes": {"a": "b"}}""", Encoding.UTF8, "application/json"),
        };
        using var badIdResponse = await rig.Http.SendAsync(badId);
        using var badValue = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/conversations/{Conversation}/participants/{Participant}/attributes")
        {
            Content = new StringContent("""{"attributes": {"a": 1}}""", Encoding.UTF8, "application/json"),
        };
        using var badValueResponse = await rig.Http.SendAsync(badValue);

        badIdResponse.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await badIdResponse.Content.ReadAsStringAsync())!["details"]![0]!["fieldName"]!.GetValue<string>().ShouldBe("participantId");
        badValueResponse.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await badValueResponse.Content.ReadAsStringAsync())!["details"]![0]!["fieldName"]!.GetValue<string>().ShouldBe("attributes.a");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_error_body_listing_the_routes()
    {
        await using var rig = await RelayRig.StartAsync();

        using var response = await rig.Http.GetAsync("/api/v2/conversations");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>().ShouldContain("POST /v1/writes");
    }
}
