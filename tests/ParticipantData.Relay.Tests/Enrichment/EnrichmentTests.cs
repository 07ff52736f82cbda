using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Architect.DataActions;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Tests.Support;

namespace ParticipantData.Relay.Tests.Enrichment;

public sealed class EnrichmentTests
{
    /// <summary>A web services data action as Genesys exports it, against the local endpoint.</summary>
    private static DataAction LoyaltyAction(Uri endpoint) => DataAction.Parse($$$"""
        {
          "name": "Get loyalty tier",
          "integrationType": "custom-rest-actions",
          "actionType": "custom",
          "config": {
            "request": {
              "requestUrlTemplate": "{{{new Uri(endpoint, "/customers/")}}}$esc.uriEncode(${input.customerId})",
              "requestType": "GET",
              "headers": { "X-Caller": "${credentials.caller}" }
            },
            "response": {
              "translationMap": { "tier": "$.tier", "id": "$.id" },
              "translationMapDefaults": { "tier": "\"bronze\"" },
              "successTemplate": "{\"tier\": ${tier}, \"customerNumber\": ${id}}"
            }
          },
          "contract": {
            "input": { "inputSchema": { "type": "object", "required": ["customerId"], "properties": { "customerId": { "type": "string" } } } },
            "output": { "successSchema": { "type": "object", "properties": { "tier": { "type": "string" }, "customerNumber": { "type": "integer" } } } }
          }
        }
        """);

    private static async Task<(RelayRig Rig, LocalEndpoint Endpoint)> StartAsync(Func<Microsoft.AspNetCore.Http.HttpContext, int, Task> answer, Action<EnrichmentSource>? configure = null)
    {
        var endpoint = await LocalEndpoint.StartAsync(answer);
        var rig = await RelayRig.StartAsync(relay: o =>
        {
            var source = new EnrichmentSource(LoyaltyAction(endpoint.BaseUri), new Dictionary<string, string> { ["tier"] = "loyalty_tier", ["customerNumber"] = "crm_id" })
            {
                RetryDelay = TimeSpan.FromMilliseconds(10),
            };
            source.Credentials["caller"] = "pdata-relay";
            configure?.Invoke(source);
            o.Sources["loyalty"] = source;
        });
        return (rig, endpoint);
    }

    private static string Enrichment(string conversation, string customer, string customerId = "12345") =>
        $$$"""{"conversationId": "{{{conversation}}}", "participantId": "{{{customer}}}", "source": "loyalty", "inputs": {"customerId": "{{{customerId}}}"}}""";

    private static async Task<string> AcceptAsync(RelayRig rig, string body)
    {
        using var response = await rig.PostAsync("/v1/enrichments", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, text);
        return JsonNode.Parse(text)!["writeId"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_enrichment_writes_loyalty_tier_from_the_endpoints_answer()
    {
        var (rig, endpoint) = await StartAsync((context, _) => LocalEndpoint.Json(context, 200, """{"tier": "gold", "id": 12345}"""));
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        var id = await AcceptAsync(rig, Enrichment(conversation, customer, "12 345"));
        var status = await rig.SettledAsync(id);

        status["status"]!.GetValue<string>().ShouldBe("applied", status.ToJsonString());
        status["kind"]!.GetValue<string>().ShouldBe("enrichment");
        status["attributes"]!["loyalty_tier"]!.GetValue<string>().ShouldBe("gold");
        rig.AttributesOf(conversation, customer)["loyalty_tier"].ShouldBe("gold");
        rig.AttributesOf(conversation, customer)["crm_id"].ShouldBe("12345");
        endpoint.Requests.Single().PathAndQuery.ShouldBe("/customers/12%20345");
        endpoint.Requests.Single().Caller.ShouldBe("pdata-relay");
    }

    [Fact]
    public async Task A_translation_map_default_is_written_when_the_endpoint_omits_the_field()
    {
        var (rig, endpoint) = await StartAsync((context, _) => LocalEndpoint.Json(context, 200, """{"id": 777}"""));
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        var status = await rig.SettledAsync(await AcceptAsync(rig, Enrichment(conversation, customer)));

        status["status"]!.GetValue<string>().ShouldBe("applied");
        rig.AttributesOf(conversation, customer)["loyalty_tier"].ShouldBe("bronze");
    }

    [Fact]
    public async Task A_500_is_retried_then_reported_on_the_status_with_what_the_endpoint_answered()
    {
        var (rig, endpoint) = await StartAsync((context, _) => LocalEndpoint.Json(context, 500, """{"error": "loyalty database unavailable"}"""));
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        var status = await rig.SettledAsync(await AcceptAsync(rig, Enrichment(conversation, customer)));

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["reason"]!.GetValue<string>().ShouldContain("answered 500");
        status["reason"]!.GetValue<string>().ShouldContain("loyalty database unavailable");
        status["endpoint"]!["status"]!.GetValue<int>().ShouldBe(500);
        status["endpoint"]!["body"]!.GetValue<string>().ShouldContain("loyalty database unavailable");
        endpoint.Requests.Count.ShouldBe(3); // the first attempt and 2 retries
        rig.AttributesOf(conversation, customer).ContainsKey("loyalty_tier").ShouldBeFalse();
    }

    [Fact]
    public async Task A_transient_500_is_absorbed_by_the_retry()
    {
        var (rig, endpoint) = await StartAsync((context, n) => n == 1
            ? LocalEndpoint.Json(context, 503, """{"error": "busy"}""")
            : LocalEndpoint.Json(context, 200, """{"tier": "silver", "id": 1}"""));
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        var status = await rig.SettledAsync(await AcceptAsync(rig, Enrichment(conversation, customer)));

        status["status"]!.GetValue<string>().ShouldBe("applied");
        rig.AttributesOf(conversation, customer)["loyalty_tier"].ShouldBe("silver");
        endpoint.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_in_time_fails_the_enrichment_with_a_timeout()
    {
        var never = new TaskCompletionSource();
        var (rig, endpoint) = await StartAsync(
            async (context, _) => await never.Task.WaitAsync(context.RequestAborted),
            source =>
            {
                source.AttemptTimeout = TimeSpan.FromMilliseconds(200);
                source.Retries = 1;
            });
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        var status = await rig.SettledAsync(await AcceptAsync(rig, Enrichment(conversation, customer)));

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["reason"]!.GetValue<string>().ShouldContain("did not answer within 0.2 s (2 attempts)");
        endpoint.Requests.Count.ShouldBe(2);
        never.TrySetResult();
    }

    [Fact]
    public async Task An_answer_that_breaks_the_success_contract_fails_saying_which_field()
    {
        var (rig, endpoint) = await StartAsync((context, _) => LocalEndpoint.Json(context, 200, """{"tier": 3, "id": 1}"""));
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        var status = await rig.SettledAsync(await AcceptAsync(rig, Enrichment(conversation, customer)));

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["reason"]!.GetValue<string>().ShouldContain("output.tier: expected string, got the number 3");
    }

    [Fact]
    public async Task Inputs_that_break_the_input_contract_and_unknown_sources_are_refused_at_once()
    {
        var (rig, endpoint) = await StartAsync((context, _) => LocalEndpoint.Json(context, 200, "{}"));
        await using var _ = rig;
        await using var __ = endpoint;
        var (conversation, customer) = await rig.NewCallAsync();

        using var badInputs = await rig.PostAsync("/v1/enrichments", $$$"""{"conversationId": "{{{conversation}}}", "participantId": "{{{customer}}}", "source": "loyalty", "inputs": {"customerId": 12345}}""");
        using var badSource = await rig.PostAsync("/v1/enrichments", $$$"""{"conversationId": "{{{conversation}}}", "participantId": "{{{customer}}}", "source": "weather", "inputs": {}}""");

        badInputs.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var inputsError = JsonNode.Parse(await badInputs.Content.ReadAsStringAsync())!;
        inputsError["details"]![0]!["fieldName"]!.GetValue<string>().ShouldBe("inputs");
        inputsError["message"]!.GetValue<string>().ShouldContain("input.customerId: expected string");
        badSource.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await badSource.Content.ReadAsStringAsync())!["message"]!.GetValue<string>().ShouldContain("no enrichment source 'weather'; configured: loyalty");
        endpoint.Requests.ShouldBeEmpty();
    }
}
