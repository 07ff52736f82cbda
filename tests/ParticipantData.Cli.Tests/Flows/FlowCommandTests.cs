using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Flows;

public sealed class FlowCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pdata-flow-tests", Guid.NewGuid().ToString("N"));

    public FlowCommandTests() => Directory.CreateDirectory(_dir);

    private static string Example(string name) => Path.Combine(ReadmeTests.RepositoryRoot(), "examples", "flows", name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Flow_test_passes_the_example_scenarios_without_network_and_writes_junit()
    {
        var cli = new CliRunner();
        var junit = Path.Combine(_dir, "results.xml");

        var code = await cli.RunAsync("flow", "test", Example("loyalty-routing.yaml"), Example("loyalty-scenarios.yaml"), "--data-actions", Example("data-actions"), "--junit", junit);

        code.ShouldBe(0, cli.Out + cli.Error);
        cli.Out.ShouldContain("OK: 4 scenario(s) passed");
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        suite.Attribute("tests")!.Value.ShouldBe("4");
        suite.Attribute("failures")!.Value.ShouldBe("0");
        suite.Elements("testcase").Select(t => t.Attribute("name")!.Value).ShouldContain("A gold member goes to Gold Support");
    }

    [Fact]
    public async Task Flow_test_exits_1_naming_the_step_where_the_run_diverged_and_junit_records_the_failure()
    {
        var cli = new CliRunner();
        var junit = Path.Combine(_dir, "results.xml");

        var code = await cli.RunAsync("flow", "test", Example("loyalty-routing.yaml"), Example("loyalty-scenarios-failing.yaml"), "--data-actions", Example("data-actions"), "--junit", junit);

        code.ShouldBe(1, cli.Error);
        cli.Out.ShouldContain("FAIL path of 'Route on tier': expected 'case 1', got 'default' (diverged at step 4: switch 'Route on tier' took 'default')");
        cli.Out.ShouldContain("FAIL queue: expected 'Gold Support', got 'General Support'");
        var failure = XDocument.Load(junit).Descendants("failure").ShouldHaveSingleItem();
        failure.Value.ShouldContain("Trace:");
    }

    [Fact]
    public async Task Flow_test_json_gives_each_scenario_with_its_failures()
    {
        var cli = new CliRunner();

        var code = await cli.RunAsync("flow", "test", Example("loyalty-routing.yaml"), Example("loyalty-scenarios-failing.yaml"), "--data-actions", Example("data-actions"), "--json");

        code.ShouldBe(1);
        using var doc = JsonDocument.Parse(cli.Out);
        doc.RootElement.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        var scenario = doc.RootElement.GetProperty("scenarios")[0];
        scenario.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("step").GetInt32()).ShouldBe([5, 4]);
    }

    [Fact]
    public async Task Flow_run_calls_the_real_endpoint_and_prints_the_trace_and_outcome_as_json()
    {
        await using var endpoint = await LocalEndpoint.StartAsync("""{"member": {"tier": "Gold", "points": 7}}""");
        var actions = Directory.CreateDirectory(Path.Combine(_dir, "actions")).FullName;
        var definition = await File.ReadAllTextAsync(Path.Combine(Example("data-actions"), "get-loyalty-tier.json"));
        await File.WriteAllTextAsync(Path.Combine(actions, "loyalty.json"), definition.Replace("https://loyalty.example.com", endpoint.BaseUrl, StringComparison.Ordinal));
        var attributes = Path.Combine(_dir, "a.json");
        await File.WriteAllTextAsync(attributes, """{"customer_id": "C-1"}""");
        var cli = new CliRunner();

        var code = await cli.RunAsync("flow", "run", Example("loyalty-routing.yaml"), "--data-actions", actions, "--attributes", attributes, "--ani", "+13175550100", "--json");

        code.ShouldBe(0, cli.Error);
        endpoint.Requests.ShouldHaveSingleItem().ShouldBe("/api/members?phone=%2B13175550100");
        using var doc = JsonDocument.Parse(cli.Out);
        var run = doc.RootElement.GetProperty("run");
        run.GetProperty("outcome").GetProperty("queue").GetString().ShouldBe("Gold Support");
        run.GetProperty("attributes").GetProperty("loyalty_tier").GetString().ShouldBe("Gold");
        run.GetProperty("steps")[1].GetProperty("path").GetString().ShouldBe("success");
    }

    [Fact]
    public async Task Flow_run_on_an_emulated_conversation_reads_and_writes_its_participant_data_and_writes_back()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var setup = CliRunner.For(host);
        (await setup.RunAsync("attributes", "set", conversation.Id, "loyalty_tier=silver")).ShouldBe(0, setup.Error);
        var flow = Path.Combine(_dir, "flow.yaml");
        await File.WriteAllTextAsync(flow, """
            inboundCall:
              name: Read and route
              startUpRef: "/inboundCall/tasks/task[Main]"
              tasks:
                - task:
                    name: Main
                    actions:
                      - getParticipantData:
                          name: Get tier
                          attributes:
                            - attribute:
                                name: {lit: loyalty_tier}
                                variable: Flow.tier
                      - setParticipantData:
                          name: Mark seen
                          attributes:
                            - attribute:
                                name: {lit: seen_by_flow}
                                value: {lit: "yes"}
                      - transferToAcd:
                          name: Route
                          targetQueue: {exp: Flow.tier}
            """);
        var cli = CliRunner.For(host);

        var code = await cli.RunAsync("flow", "run", flow, "--conversation", conversation.Id);

        code.ShouldBe(0, cli.Error + cli.Out);
        cli.Out.ShouldContain("read loyalty_tier = silver");
        cli.Out.ShouldContain("transferred to queue 'silver'");
        cli.Out.ShouldContain("write-back: loyalty_tier = 'silver' (unchanged)");
        var check = CliRunner.For(host);
        (await check.RunAsync("attributes", "get", conversation.Id, "--json")).ShouldBe(0, check.Error);
        check.Out.ShouldContain("seen_by_flow");
    }

    [Fact]
    public async Task A_flow_with_a_bad_expression_exits_2_with_the_line()
    {
        var flow = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(flow, "inboundCall:\n  name: X\n  startUpRef: \"/inboundCall/tasks/task[A]\"\n  tasks:\n    - task:\n        name: A\n        actions:\n          - decision:\n              name: D\n              condition:\n                exp: Flow.x ==\n");
        var cli = new CliRunner();

        (await cli.RunAsync("flow", "run", flow)).ShouldBe(2);

        (cli.Out + cli.Error).ShouldContain("bad.yaml:11:");
    }

    [Fact]
    public async Task Data_action_test_shows_each_step_against_the_real_endpoint()
    {
        await using var endpoint = await LocalEndpoint.StartAsync("""{"member": {"tier": "Gold"}}""");
        var action = Path.Combine(_dir, "action.json");
        var definition = await File.ReadAllTextAsync(Path.Combine(Example("data-actions"), "get-loyalty-tier.json"));
        await File.WriteAllTextAsync(action, definition.Replace("https://loyalty.example.com", endpoint.BaseUrl, StringComparison.Ordinal));
        var cli = new CliRunner();

        var code = await cli.RunAsync("data-action", "test", action, "--input", "phoneNumber=+13175550100", "--json");

        code.ShouldBe(0, cli.Error);
        using var doc = JsonDocument.Parse(cli.Out);
        doc.RootElement.GetProperty("operations").GetArrayLength().ShouldBe(6);
        doc.RootElement.GetProperty("operations")[1].GetProperty("result").GetString()!.ShouldStartWith($"GET {endpoint.BaseUrl}/api/members?phone=%2B13175550100");
        doc.RootElement.GetProperty("finalResult").GetString().ShouldBe("""{"tier":"Gold","points":0}""");
    }

    [Fact]
    public async Task Data_action_test_exits_1_at_the_input_contract_when_an_input_is_missing()
    {
        var cli = new CliRunner();

        var code = await cli.RunAsync("data-action", "test", Path.Combine(Example("data-actions"), "get-loyalty-tier.json"));

        code.ShouldBe(1, cli.Error);
        cli.Out.ShouldContain("Validate inputs against contract.input.inputSchema");
        cli.Out.ShouldContain("phoneNumber");
        cli.Out.ShouldContain("FAILED");
    }

    [Fact]
    public async Task Emulator_call_flow_needs_the_lifecycle_and_says_which_flow_messages_run()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("emulator", "--port", "0", "--flow", Example("loyalty-routing.yaml"))).ShouldBe(2);

        cli.Error.ShouldContain("--flow loyalty-routing.yaml is an inboundCall flow: it runs in the calls' IVR phase, so give --lifecycle too.");
        cli.Error.ShouldContain("Web-messaging conversations run an inboundMessage flow, which needs no --lifecycle.");
    }

    [Fact]
    public async Task Emulator_with_a_flow_that_does_not_load_exits_2_before_serving()
    {
        var flow = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(flow, "inboundCall:\n  name: X\n");
        var cli = new CliRunner();

        (await cli.RunAsync("emulator", "--port", "0", "--lifecycle", "--flow", flow)).ShouldBe(2);

        (cli.Out + cli.Error).ShouldContain("has no startUpRef");
    }

    /// <summary>A real HTTP endpoint on 127.0.0.1:0 that answers every request with the same JSON and records the paths.</summary>
    private sealed class LocalEndpoint(WebApplication app, string baseUrl, List<string> requests) : IAsyncDisposable
    {
        public string BaseUrl { get; } = baseUrl;

        public IReadOnlyList<string> Requests => requests;

        public static async Task<LocalEndpoint> StartAsync(string json)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var requests = new List<string>();
            app.Run(async context =>
            {
                lock (requests)
                {
                    requests.Add(context.Request.Path + context.Request.QueryString);
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LocalEndpoint(app, address.TrimEnd('/'), requests);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
