using System.Text.Json.Nodes;
using ParticipantData.Architect.DataActions;

namespace ParticipantData.Architect.Tests.DataActions;

public sealed class DataActionTests
{
    /// <summary>
    /// The Genesys-exported "Get On Queue Agent Counts" action, abridged as in shared/reference/architect.md §B.1
    /// (from MyPureCloud/developer-center-blog, 2021-02-03-Caching-in-flows/Get-On-Queue-Agent-Counts.json).
    /// </summary>
    private const string QueueCounts = """
        {
          "name": "Get On Queue Agent Counts",
          "integrationType": "purecloud-data-actions",
          "actionType": "custom",
          "config": {
            "request": {
              "requestUrlTemplate": "https://api.example.com/api/v2/analytics/queues/observations/query",
              "requestType": "POST",
              "headers": { "Content-Type": "application/json" },
              "requestTemplate": "{\"filter\": {\"type\": \"or\", \"predicates\": [{\"dimension\": \"queueId\", \"value\": \"${input.queueId}\"}]}, \"metrics\": [\"oOnQueueUsers\"]}"
            },
            "response": {
              "translationMap": { "statuses": "$.results[0].data..qualifier", "counts": "$.results[0].data..stats.count" },
              "translationMapDefaults": { "statuses": "[\"Error\"]", "counts": "[0]" },
              "successTemplate": "{\"counts\": ${counts}, \"statuses\": ${statuses}}"
            }
          },
          "contract": {
            "input": { "inputSchema": { "type": "object", "required": ["queueId"], "properties": { "queueId": { "type": "string" } }, "additionalProperties": true } },
            "output": { "successSchema": { "type": "object", "properties": { "counts": { "type": "array", "items": { "type": "integer" } }, "statuses": { "type": "array", "items": { "type": "string" } } } } }
          },
          "secure": false
        }
        """;

    private const string Loyalty = """
        {
          "name": "Get loyalty tier",
          "integrationType": "custom-rest-actions",
          "actionType": "custom",
          "config": {
            "request": {
              "requestUrlTemplate": "https://crm.example.com/customers/$esc.uriEncode(${input.customerId})/tier?key=${credentials.apiKey}",
              "requestType": "GET",
              "headers": { "X-Caller": "flow ${input.customerId}" }
            },
            "response": {
              "translationMap": { "tier": "$.tier", "id": "$.id", "since": "$.memberSince" },
              "translationMapDefaults": { "tier": "\"bronze\"", "since": "\"unknown\"" },
              "successTemplate": "{\"tier\": ${tier}, \"id\": ${id}, \"since\": ${since}}"
            },
            "timeoutSeconds": 8
          },
          "contract": {
            "input": { "inputSchema": { "type": "object", "required": ["customerId"], "properties": { "customerId": { "type": "string", "minLength": 1 } } } },
            "output": { "successSchema": { "type": "object", "required": ["tier"], "properties": { "tier": { "type": "string", "enum": ["bronze", "silver", "gold"] }, "id": { "type": ["integer", "null"] } } } }
          }
        }
        """;

    [Fact]
    public void Reads_a_definition_in_the_export_format()
    {
        var action = DataAction.Parse(QueueCounts);

        action.Name.ShouldBe("Get On Queue Agent Counts");
        action.RequestType.ShouldBe("POST");
        action.TranslationMap["counts"].ShouldBe("$.results[0].data..stats.count");
        action.TranslationMapDefaults["statuses"].ShouldBe("[\"Error\"]");
        action.InputSchema.ShouldNotBeNull();
        action.TimeoutSeconds.ShouldBeNull();
        DataAction.Parse(Loyalty).TimeoutSeconds.ShouldBe(8);
    }

    [Fact]
    public void Builds_the_request_from_inputs_and_credentials()
    {
        var action = DataAction.Parse(Loyalty);

        var request = action.BuildRequest(new JsonObject { ["customerId"] = "12 345" }, new Dictionary<string, string> { ["apiKey"] = "s3cret" });

        request.Method.ShouldBe("GET");
        request.Url.AbsoluteUri.ShouldBe("https://crm.example.com/customers/12%20345/tier?key=s3cret");
        request.Headers["X-Caller"].ShouldBe("flow 12 345");
        request.Body.ShouldBeNull();
    }

    [Fact]
    public void A_post_renders_its_request_template_and_rawRequest_by_default()
    {
        var action = DataAction.Parse(QueueCounts);
        var withDefault = DataAction.Parse(QueueCounts.Replace("\"requestTemplate\"", "\"unusedTemplate\"", StringComparison.Ordinal));
        var inputs = new JsonObject { ["queueId"] = "q-1" };

        action.BuildRequest(inputs).Body.ShouldBe("{\"filter\": {\"type\": \"or\", \"predicates\": [{\"dimension\": \"queueId\", \"value\": \"q-1\"}]}, \"metrics\": [\"oOnQueueUsers\"]}");
        withDefault.BuildRequest(inputs).Body.ShouldBe("{\"queueId\":\"q-1\"}");
    }

    [Fact]
    public void Inputs_that_break_the_input_contract_are_refused_with_every_violation()
    {
        var action = DataAction.Parse(Loyalty);

        var error = Should.Throw<DataActionException>(() => action.BuildRequest(new JsonObject { ["other"] = 1 }));

        error.Step.ShouldBe(DataActionStep.Input);
        error.Message.ShouldContain("input.customerId: is required");
        Should.Throw<DataActionException>(() => action.BuildRequest(new JsonObject { ["customerId"] = 12345 })).Message.ShouldContain("expected string, got the number 12345");
        Should.Throw<DataActionException>(() => action.BuildRequest(new JsonObject { ["customerId"] = "" })).Message.ShouldContain("at least 1 characters");
    }

    [Fact]
    public void Translates_a_response_through_the_map_and_success_template()
    {
        var output = DataAction.Parse(Loyalty).TranslateResponse("""{"tier": "gold", "id": 12345, "memberSince": "2019-04-01T00:00:00Z"}""");

        output!["tier"]!.GetValue<string>().ShouldBe("gold");
        output["id"]!.GetValue<int>().ShouldBe(12345);
        output["since"]!.GetValue<string>().ShouldBe("2019-04-01T00:00:00Z");
    }

    [Fact]
    public void A_path_that_selects_nothing_takes_its_default_verbatim_as_json()
    {
        var output = DataAction.Parse(Loyalty).TranslateResponse("""{"id": 7}""");

        output!["tier"]!.GetValue<string>().ShouldBe("bronze");
        output["since"]!.GetValue<string>().ShouldBe("unknown");
    }

    [Fact]
    public void A_null_value_is_a_value_and_does_not_fall_back_to_the_default()
    {
        var action = DataAction.Parse(Loyalty);

        var output = action.TranslateResponse("""{"tier": "silver", "id": null}""");
        var error = Should.Throw<DataActionException>(() => action.TranslateResponse("""{"tier": null, "id": 1}"""));

        output!["id"].ShouldBeNull();
        error.Step.ShouldBe(DataActionStep.Output);
        error.Message.ShouldContain("output.tier: expected string, got null");
    }

    [Fact]
    public void A_path_without_match_or_default_fails_naming_the_field_and_path()
    {
        var error = Should.Throw<DataActionException>(() => DataAction.Parse(Loyalty).TranslateResponse("""{"tier": "gold"}"""));

        error.Step.ShouldBe(DataActionStep.Translation);
        error.Message.ShouldContain("translationMap.id");
        error.Message.ShouldContain("'$.id' selects nothing");
    }

    [Fact]
    public void Deep_scans_and_filters_yield_arrays_and_fall_back_to_defaults_when_empty()
    {
        var action = DataAction.Parse(QueueCounts);
        const string Observations = """
            {"results": [{"group": {"queueId": "q-1"}, "data": [
              {"metric": "oOnQueueUsers", "qualifier": "IDLE", "stats": {"count": 3}},
              {"metric": "oOnQueueUsers", "qualifier": "INTERACTING", "stats": {"count": 5}}]}]}
            """;

        var output = action.TranslateResponse(Observations);
        var empty = action.TranslateResponse("""{"results": [{"data": []}]}""");

        output!["counts"]!.ToJsonString().ShouldBe("[3,5]");
        output["statuses"]!.ToJsonString().ShouldBe("[\"IDLE\",\"INTERACTING\"]");
        empty!["counts"]!.ToJsonString().ShouldBe("[0]");
        empty["statuses"]!.ToJsonString().ShouldBe("[\"Error\"]");
    }

    [Fact]
    public void A_filter_path_selects_matching_elements()
    {
        var action = DataAction.Parse("""
            {"name": "customer id", "config": {"request": {"requestUrlTemplate": "https://x.example/c", "requestType": "GET"},
              "response": {"translationMap": {"ids": "$.participants[?(@.purpose == 'customer')].id"},
                           "successTemplate": "{\"customerId\": $successTemplateUtils.firstFromArray(\"${ids}\", \"null\")}"}}}
            """);

        var output = action.TranslateResponse("""{"participants": [{"purpose": "ivr", "id": "a"}, {"purpose": "customer", "id": "b"}]}""");

        output!["customerId"]!.GetValue<string>().ShouldBe("b");
    }

    [Fact]
    public void The_raw_result_passes_through_by_default()
    {
        var action = DataAction.Parse("""{"name": "raw", "config": {"request": {"requestUrlTemplate": "https://x.example/c", "requestType": "GET"}}}""");

        action.TranslateResponse("""{"a": [1, 2]}""")!.ToJsonString().ShouldBe("{\"a\":[1,2]}");
    }

    [Fact]
    public void A_success_template_that_makes_invalid_json_fails_showing_what_it_made()
    {
        var action = DataAction.Parse("""
            {"name": "bad", "config": {"request": {"requestUrlTemplate": "https://x.example/c", "requestType": "GET"},
              "response": {"translationMap": {"build": "$.build"}, "translationMapDefaults": {"build": "UNKNOWN"}, "successTemplate": "{\"build\": ${build}}"}}}
            """);

        var error = Should.Throw<DataActionException>(() => action.TranslateResponse("{}"));

        error.Step.ShouldBe(DataActionStep.SuccessTemplate);
        error.Message.ShouldContain("{\"build\": UNKNOWN}");
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"name\": \"x\"}", "config is missing")]
    [InlineData("{\"config\": {\"request\": {\"requestType\": \"GET\"}}}", "requestUrlTemplate is missing")]
    [InlineData("{\"config\": {\"request\": {\"requestUrlTemplate\": \"https://x\", \"requestType\": \"FETCH\"}}}", "'FETCH' is not one of")]
    [InlineData("{\"config\": {\"request\": {\"requestUrlTemplate\": \"https://x\", \"requestType\": \"GET\"}, \"timeoutSeconds\": 90}}", "1 to 60")]
    [InlineData("not json", "not valid JSON")]
    public void A_malformed_definition_is_refused_naming_the_field(string json, string message)
    {
        var error = Should.Throw<DataActionException>(() => DataAction.Parse(json));

        error.Step.ShouldBe(DataActionStep.Definition);
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void A_url_that_does_not_render_to_an_absolute_url_is_refused()
    {
        var action = DataAction.Parse("""{"config": {"request": {"requestUrlTemplate": "/api/v2/x/${input.a}", "requestType": "GET"}}}""");

        Should.Throw<DataActionException>(() => action.BuildRequest(new JsonObject { ["a"] = "1" })).Message.ShouldContain("not an absolute http(s) URL");
    }

    [Theory]
    [InlineData("\"gold\"", "gold")]
    [InlineData("12345", "12345")]
    [InlineData("true", "true")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    public void Output_values_become_attribute_text(string json, string expected) =>
        DataAction.ToAttributeValue(JsonNode.Parse(json)).ShouldBe(expected);
}
