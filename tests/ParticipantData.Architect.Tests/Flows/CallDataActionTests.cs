using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ParticipantData.Architect.DataActions;
using ParticipantData.Architect.Flows;
using static ParticipantData.Architect.Tests.Flows.FlowTestRun;

namespace ParticipantData.Architect.Tests.Flows;

/// <summary>Call Data Action (architect.md A.11, B.6) through the data-action engine: success, failure with outputs, timeout.</summary>
public sealed class CallDataActionTests
{
    private const string LoyaltyAction = """
        {
          "name": "Get Loyalty Tier",
          "integrationType": "custom-rest-actions",
          "actionType": "custom",
          "config": {
            "request": {
              "requestUrlTemplate": "{BASE}/customers/${input.customerId}/loyalty",
              "requestType": "GET",
              "headers": {}
            },
            "response": {
              "translationMap": { "tier": "$.loyalty.tier", "points": "$.loyalty.points" },
              "translationMapDefaults": { "points": "0" },
              "successTemplate": "{\"tier\": ${tier}, \"points\": ${points}}"
            }
          },
          "contract": {
            "input": { "inputSchema": { "type": "object", "required": ["customerId"], "properties": { "customerId": { "type": "string" } } } },
            "output": { "successSchema": { "type": "object", "properties": { "tier": { "type": "string" }, "points": { "type": "integer" } } } }
          },
          "secure": false
        }
        """;

    private static string FlowYaml(string customerId = "{exp: Flow.customerId}") => InboundCall($$$"""
        - callData:
            name: Call Data Action
            processingPrompt: {noValue: true}
            timeout: {lit: {seconds: 5}}
            category:
              Web Services:
                dataAction:
                  Get Loyalty Tier:
                    inputs:
                      customerId: {{{customerId}}}
                    successOutputs:
                      tier: {var: Flow.tier}
                      points: {var: Flow.points}
                    failureOutputs:
                      errorCode: {var: Flow.errorCode}
                      status: {var: Flow.errorStatus}
                      correlationId: {noValue: true}
                      userMessage: {var: Flow.userMessage}
                      details.errorCode: {var: Flow.detailCode}
            outputs:
              success:
                actions:
                  - setParticipantData:
                      name: Store tier
                      attributes:
                        - attribute:
                            name: {lit: loyalty_tier}
                            value: {exp: Flow.tier}
              failure:
                actions:
                  - transferToAcd:
                      name: To Failures
                      targetQueue: {lit: {name: Failures}}
              timeout:
                actions:
                  - transferToAcd:
                      name: To Timeouts
                      targetQueue: {lit: {name: Timeouts}}
        - transferToAcd:
            name: To Tier
            targetQueue: {exp: Flow.tier}
        """, """
        variables:
          - stringVariable:
              name: Flow.customerId
              initialValue: {lit: C-42}
        """);

    private static DataActionCatalog Catalog(string baseUrl = "https://crm.example.com") =>
        new DataActionCatalog().Add(DataAction.Parse(LoyaltyAction.Replace("{BASE}", baseUrl, StringComparison.Ordinal)));

    private static ScenarioDataActionEndpoint Scripted(int status, string body, int delayMs = 0) => new()
    {
        Responses = new Dictionary<string, ScriptedResponse> { ["Get Loyalty Tier"] = new(status, body, TimeSpan.FromMilliseconds(delayMs)) },
    };

    [Fact]
    public async Task Success_translates_the_response_assigns_typed_outputs_and_takes_the_success_path()
    {
        var (result, data) = await RunAsync(FlowYaml(), dataActions: Scripted(200, """{"loyalty": {"tier": "Gold"}}"""), catalog: Catalog());

        var step = result.Steps[0];
        step.Path.ShouldBe("success");
        step.Variables.ShouldBe([new VariableChange("Flow.tier", "Gold"), new VariableChange("Flow.points", "0")]);
        data.Attributes["loyalty_tier"].ShouldBe("Gold");
        result.Outcome.Queue.ShouldBe("Gold");
    }

    [Fact]
    public async Task Failure_assigns_the_flattened_failure_outputs_and_takes_the_failure_path()
    {
        var (result, _) = await RunAsync(FlowYaml(), dataActions: Scripted(404, """
            {"message": "customer not found", "code": "not.found", "status": 404, "contextId": "ctx-1", "details": [{"errorCode": "CUSTOMER_MISSING"}]}
            """), catalog: Catalog());

        var step = result.Steps[0];
        step.Path.ShouldBe("failure");
        result.Variables["Flow.errorCode"].ShouldBe("not.found");
        result.Variables["Flow.errorStatus"].ShouldBe("404");
        result.Variables["Flow.userMessage"].ShouldBe("customer not found");
        result.Variables["Flow.detailCode"].ShouldBe("CUSTOMER_MISSING");
        result.Outcome.Queue.ShouldBe("Failures");
    }

    [Fact]
    public async Task A_response_later_than_the_timeout_takes_the_timeout_path_without_outputs()
    {
        var (result, _) = await RunAsync(FlowYaml(), dataActions: Scripted(200, """{"loyalty": {"tier": "Gold"}}""", delayMs: 5000), catalog: Catalog());

        result.Steps[0].Path.ShouldBe("timeout");
        result.Steps[0].Note.ShouldBe("no answer within 5 s");
        result.Variables["Flow.tier"].ShouldBe("NOT_SET");
        result.Outcome.Queue.ShouldBe("Timeouts");
    }

    [Fact]
    public async Task Inputs_that_break_the_contract_take_the_failure_path_with_the_reason()
    {
        var (result, _) = await RunAsync(FlowYaml("{noValue: true}"), dataActions: Scripted(200, "{}"), catalog: Catalog());

        result.Steps[0].Path.ShouldBe("failure");
        result.Variables["Flow.errorCode"].ShouldBe("invalid.input");
        result.Variables["Flow.userMessage"].ShouldContain("customerId");
    }

    [Fact]
    public async Task A_response_the_success_contract_rejects_takes_the_failure_path()
    {
        var (result, _) = await RunAsync(FlowYaml(), dataActions: Scripted(200, """{"loyalty": {"tier": "Gold", "points": "many"}}"""), catalog: Catalog());

        result.Steps[0].Path.ShouldBe("failure");
        result.Variables["Flow.errorCode"].ShouldBe("response.translation");
    }

    [Fact]
    public async Task Without_a_response_for_the_action_the_run_fails_and_says_what_to_give()
    {
        var (result, _) = await RunAsync(FlowYaml(), dataActions: new ScenarioDataActionEndpoint(), catalog: Catalog());

        result.Outcome.Kind.ShouldBe(FlowOutcomeKind.Error);
        result.Outcome.Error!.ShouldContain("no response is given for the data action 'Get Loyalty Tier'");
    }

    [Fact]
    public async Task The_real_endpoint_is_called_with_the_rendered_request()
    {
        string? path = null;
        await using var endpoint = await Endpoint.StartAsync(async context =>
        {
            path = context.Request.Path;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"loyalty": {"tier": "Silver", "points": 120}}""");
        });
        using var http = new HttpClient();
        var real = new ScenarioDataActionEndpoint { RealEndpoint = new HashSet<string> { "Get Loyalty Tier" }, Http = new HttpDataActionEndpoint(http) };

        var (result, _) = await RunAsync(FlowYaml(), dataActions: real, catalog: Catalog(endpoint.BaseUrl));

        path.ShouldBe("/customers/C-42/loyalty");
        result.Variables["Flow.points"].ShouldBe("120");
        result.Outcome.Queue.ShouldBe("Silver");
    }

    [Fact]
    public async Task A_real_endpoint_that_does_not_answer_within_the_timeout_is_a_timeout()
    {
        var release = new TaskCompletionSource();
        await using var endpoint = await Endpoint.StartAsync(async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var http = new HttpClient();
        var yaml = FlowYaml().Replace("timeout: {lit: {seconds: 5}}", "timeout: {lit: {milliseconds: 200}}", StringComparison.Ordinal);

        var (result, _) = await RunAsync(yaml, dataActions: new HttpDataActionEndpoint(http), catalog: Catalog(endpoint.BaseUrl));
        release.SetResult();

        result.Steps[0].Path.ShouldBe("timeout");
        result.Outcome.Queue.ShouldBe("Timeouts");
    }

    /// <summary>A real HTTP endpoint on 127.0.0.1:0.</summary>
    private sealed class Endpoint(WebApplication app, string baseUrl) : IAsyncDisposable
    {
        public string BaseUrl { get; } = baseUrl;

        public static async Task<Endpoint> StartAsync(RequestDelegate handler)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(handler);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Endpoint(app, address.TrimEnd('/'));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
