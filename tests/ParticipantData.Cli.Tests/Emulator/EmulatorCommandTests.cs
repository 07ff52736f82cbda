using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParticipantData.Client;

namespace ParticipantData.Cli.Tests.Emulator;

public sealed partial class EmulatorCommandTests
{
    [Fact]
    public async Task Emulator_serves_until_cancelled_and_accepts_the_client_credentials_it_prints()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--client-id", "my-id", "--client-secret", "my-secret");
        var url = await WaitForUrlAsync(cli, run);
        cli.Out.ShouldContain("OAuth client id:     my-id");
        cli.Out.ShouldContain("OAuth client secret: (the one given with --client-secret)");
        cli.Out.ShouldNotContain("my-secret"); // a secret given on the command line is not repeated
        cli.Out.ShouldContain("export GENESYSCLOUD_OAUTHCLIENT_ID=my-id\n");
        var seeded = SeededId().Match(cli.Out).Groups[1].Value;

        using (var client = new ParticipantDataClient(new ParticipantDataClientOptions { ApiUrl = url, ClientId = "my-id", ClientSecret = "my-secret" }))
        {
            (await client.GetConversationAsync(ConversationId.Parse(seeded))).MediaType.ShouldBe(MediaType.Call);
        }

        await stop.CancelAsync();
        (await run).ShouldBe(0);
        cli.Out.ShouldContain("Emulator stopped.");
    }

    [Fact]
    public async Task Emulator_prints_its_deployment_ids_and_a_guest_can_message_on_one_added_with_deployment()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--no-seed", "--deployment", "my-deployment");
        var url = await WaitForUrlAsync(cli, run);
        cli.Out.ShouldContain($"deployment ids: {ParticipantData.Emulator.WebMessagingOptions.DefaultDeploymentId}, my-deployment");
        cli.Out.ShouldContain($"Dashboard:           {url.GetLeftPart(UriPartial.Authority)}/");
        var guest = new CliRunner();
        (await guest.RunAsync("messenger", "send", "--api-url", url.ToString(), "--deployment", "my-deployment", "--attr", "loyalty_tier=gold", "hi")).ShouldBe(0, guest.Error);

        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task Emulator_with_an_inbound_message_flow_and_no_lifecycle_runs_it_on_each_guest_conversation()
    {
        var flow = Path.Combine(ReadmeTests.RepositoryRoot(), "examples", "flows", "messaging-routing.yaml");
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--no-seed", "--flow", flow);
        var url = (await WaitForUrlAsync(cli, run)).ToString();
        cli.Out.ShouldContain("Message flow:        Messaging Routing runs on each web-messaging conversation a guest starts");
        var guest = new CliRunner();
        (await guest.RunAsync("messenger", "send", "--api-url", url, "--attr", "loyalty_tier=gold", "hi")).ShouldBe(0, guest.Error);
        var conversationId = guest.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();

        var attributes = new CliRunner();
        (await attributes.RunAsync("attributes", "get", conversationId, "--api-url", url, "--purpose", "customer", "--json")).ShouldBe(0, attributes.Error);
        var read = JsonNode.Parse(attributes.Out)!["attributes"]!;
        read["loyalty_tier"]!.GetValue<string>().ShouldBe("gold");
        read["routed_by"]!.GetValue<string>().ShouldBe("messaging-routing");
        var conversation = new CliRunner();
        (await conversation.RunAsync("conversation", "get", conversationId, "--api-url", url, "--json")).ShouldBe(0, conversation.Error);
        JsonNode.Parse(conversation.Out)!["participants"]!.AsArray().Single(p => p!["purpose"]!.GetValue<string>() == "acd")!["name"]!.GetValue<string>().ShouldBe("Gold Support");

        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task Two_message_flows_or_an_sms_flow_are_usage_errors()
    {
        var flow = Path.Combine(ReadmeTests.RepositoryRoot(), "examples", "flows", "messaging-routing.yaml");
        var twice = new CliRunner();
        (await twice.RunAsync("emulator", "--port", "0", "--flow", flow, "--flow", flow)).ShouldBe(2);
        twice.Error.ShouldContain("--flow messaging-routing.yaml: messaging-routing.yaml is the inbound message flow already; give one flow per kind.");

        var sms = Path.Combine(Path.GetTempPath(), $"sms-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(sms, (await File.ReadAllTextAsync(flow)).Replace("inboundMessage", "inboundShortMessage", StringComparison.Ordinal));
        try
        {
            var cli = new CliRunner();
            (await cli.RunAsync("emulator", "--port", "0", "--flow", sms)).ShouldBe(2);
            cli.Error.ShouldContain("is an inboundShortMessage (SMS) flow, and the emulator has no SMS.");
        }
        finally
        {
            File.Delete(sms);
        }
    }

    [Fact]
    public async Task A_port_in_use_exits_3_naming_the_port()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var cli = new CliRunner();

        var exit = await cli.RunAsync("emulator", "--port", port.ToString());

        exit.ShouldBe(3);
        cli.Error.ShouldContain($"port {port} is already in use");
        cli.Error.ShouldContain("--port 0");
    }

    [Fact]
    public async Task Client_id_without_secret_is_a_usage_error()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("emulator", "--port", "0", "--client-id", "x")).ShouldBe(2);
        cli.Error.ShouldContain("Give --client-id and --client-secret together.");
    }

    [Fact]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("--help")).ShouldBe(0);

        foreach (var command in new[] { "demo", "emulator", "conversation", "attributes" })
        {
            cli.Out.ShouldContain(command);
        }

        cli.Out.ShouldContain("Exit codes: 0 success");
        cli.Out.ShouldContain("GENESYSCLOUD_OAUTHCLIENT_ID");
    }

    [Fact]
    public async Task A_missing_fault_plan_file_is_a_usage_error_naming_it()
    {
        var cli = new CliRunner();
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");

        (await cli.RunAsync("emulator", "--port", "0", "--fault-plan", missing)).ShouldBe(2);

        cli.Error.ShouldContain($"The fault plan file '{missing}' does not exist.");
        cli.Error.ShouldContain("built-in plan: chaos");
    }

    [Fact]
    public async Task An_invalid_fault_plan_file_is_a_usage_error_saying_what_is_wrong()
    {
        var cli = new CliRunner();
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """{"rules":[{"route":"/api/**","action":{"type":"status","status":700}}]}""");
        try
        {
            (await cli.RunAsync("emulator", "--port", "0", "--fault-plan", file)).ShouldBe(2);
        }
        finally
        {
            File.Delete(file);
        }

        cli.Error.ShouldContain($"The fault plan file '{file}' is not valid: The fault plan's rules[0].action.status [700] must be an error status between 400 and 599.");
    }

    [Fact]
    public async Task Fault_plan_chaos_lifecycle_and_seed_start_the_contended_world()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--no-seed", "--fault-plan", "chaos", "--lifecycle", "--seed", "3");
        var url = await WaitForUrlAsync(cli, run);
        using var http = new HttpClient { BaseAddress = url };
        var plan = JsonNode.Parse(await http.GetStringAsync("/emulator/v1/faultplan"))!;
        using var created = await http.PostAsync("/emulator/v1/conversations", null);
        var call = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;

        cli.Out.ShouldContain("Lifecycle: on");
        cli.Out.ShouldContain("Fault plan: chaos (seed 3)");
        plan["name"]!.GetValue<string>().ShouldBe("chaos");
        plan["seed"]!.GetValue<int>().ShouldBe(3);
        call["participants"]!.AsArray().Select(p => p!["purpose"]!.GetValue<string>()).ShouldBe(["customer", "ivr"]);
        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task A_fault_plan_file_is_loaded()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """{"name":"mine","rules":[{"route":"/api/**","action":{"type":"status","status":503}}]}""");
        try
        {
            var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--no-seed", "--fault-plan", file);
            var url = await WaitForUrlAsync(cli, run);
            using var http = new HttpClient { BaseAddress = url };
            var plan = JsonNode.Parse(await http.GetStringAsync("/emulator/v1/faultplan"))!;

            cli.Out.ShouldContain("Fault plan: mine (seed 0)");
            plan["rules"]![0]!["action"]!["status"]!.GetValue<int>().ShouldBe(503);
            await stop.CancelAsync();
            (await run).ShouldBe(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_banner_prints_pasteable_lines_the_health_url_and_the_seeded_participants()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0");
        var url = await WaitForUrlAsync(cli, run);
        var origin = url.GetLeftPart(UriPartial.Authority);
        using var http = new HttpClient();
        var health = await http.GetAsync(origin + "/emulator/v1/health");
        var listed = JsonNode.Parse(await http.GetStringAsync(origin + "/emulator/v1/conversations"))!["entities"]!.AsArray();

        cli.Out.ShouldNotContain("…");
        cli.Out.ShouldContain($"  Health:              {origin}/emulator/v1/health");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        var exports = cli.Out.Split('\n').Where(l => l.StartsWith("export ", StringComparison.Ordinal)).ToList();
        exports.ShouldBe([
            $"export GENESYSCLOUD_API_URL={origin}",
            "export GENESYSCLOUD_OAUTHCLIENT_ID=pdata-emulator",
            "export GENESYSCLOUD_OAUTHCLIENT_SECRET=pdata-emulator-secret",
        ]);
        listed.Count.ShouldBe(2);
        foreach (var conversation in listed)
        {
            cli.Out.ShouldContain($"  {conversation!["participants"]![0]!["purpose"]}");
            cli.Out.ShouldContain(conversation["id"]!.GetValue<string>());
            foreach (var participant in conversation["participants"]!.AsArray())
            {
                cli.Out.ShouldContain($"    {participant!["purpose"]!.GetValue<string>(),-9} {participant["id"]!.GetValue<string>()}");
            }
        }

        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task The_pasted_lines_connect_pdata_and_the_client_to_the_emulator()
    {
        var emulator = new CliRunner();
        using var stop = new CancellationTokenSource();
        var run = emulator.RunAsync(stop.Token, "emulator", "--port", "0");
        await WaitForUrlAsync(emulator, run);
        var environment = new System.Collections.Hashtable();
        foreach (var line in emulator.Out.Split('\n').Where(l => l.StartsWith("export ", StringComparison.Ordinal)))
        {
            var pair = line["export ".Length..].Split('=', 2);
            environment[pair[0]] = pair[1];
        }

        var cli = new CliRunner(environment);
        (await cli.RunAsync("conversation", "get", SeededId().Match(emulator.Out).Groups[1].Value)).ShouldBe(0, cli.Error);
        using (var client = new ParticipantDataClient(ParticipantDataClientOptions.FromEnvironment(environment)))
        {
            (await client.GetConversationAsync(ConversationId.Parse(SeededId().Match(emulator.Out).Groups[1].Value))).MediaType.ShouldBe(MediaType.Call);
        }

        cli.Error.ShouldBeEmpty(); // id and secret given: no notice about the default client
        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task Json_prints_the_banner_as_one_object()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--json", "--seed", "5");
        JsonNode banner = null!;
        await WaitForAsync(run, () => cli.Error.Contains("Press Ctrl+C", StringComparison.Ordinal), cli);
        banner = JsonNode.Parse(cli.Out)!;
        var origin = banner["url"]!.GetValue<string>();
        using var http = new HttpClient();
        var call = JsonNode.Parse(await http.GetStringAsync($"{origin}/emulator/v1/conversations/{banner["conversations"]![0]!["id"]}"))!;

        banner["health"]!.GetValue<string>().ShouldBe(origin + "/emulator/v1/health");
        banner["clientId"]!.GetValue<string>().ShouldBe("pdata-emulator");
        banner["clientSecret"]!.GetValue<string>().ShouldBe("pdata-emulator-secret");
        banner["environment"]!["GENESYSCLOUD_API_URL"]!.GetValue<string>().ShouldBe(origin);
        banner["seed"]!.GetValue<int>().ShouldBe(5);
        banner["conversations"]!.AsArray().Select(c => c!["mediaType"]!.GetValue<string>()).ShouldBe(["call", "message"]);
        banner["conversations"]![0]!["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())
            .ShouldBe(call["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        await stop.CancelAsync();
        (await run).ShouldBe(0);
        cli.Out.Trim().ShouldEndWith("}"); // "Emulator stopped." goes to standard error, the JSON stays one object
    }

    [Fact]
    public async Task With_seed_the_seeded_ids_are_the_same_on_every_run()
    {
        var first = await SeededIdsAsync("--seed", "42");
        var second = await SeededIdsAsync("--seed", "42");
        var other = await SeededIdsAsync("--seed", "43");
        var unseeded = await SeededIdsAsync();
        var unseededAgain = await SeededIdsAsync();

        first.Count.ShouldBe(7); // call + customer, ivr, acd; message + customer, acd
        second.ShouldBe(first);
        other.Intersect(first).ShouldBeEmpty();
        unseeded.Intersect(unseededAgain).ShouldBeEmpty(); // without --seed, random as on the platform
        first.All(id => Guid.TryParseExact(id, "D", out var _)).ShouldBeTrue();
    }

    private static async Task<List<string>> SeededIdsAsync(params string[] seed)
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();
        var run = cli.RunAsync(stop.Token, ["emulator", "--port", "0", "--json", .. seed]);
        await WaitForAsync(run, () => cli.Error.Contains("Press Ctrl+C", StringComparison.Ordinal), cli);
        var banner = JsonNode.Parse(cli.Out)!;
        await stop.CancelAsync();
        (await run).ShouldBe(0);
        return banner["conversations"]!.AsArray()
            .SelectMany(c => new[] { c!["id"]!.GetValue<string>() }.Concat(c["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())))
            .ToList();
    }

    private static async Task WaitForAsync(Task<int> run, Func<bool> condition, CliRunner cli)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!condition())
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"pdata emulator exited early ({await run}): {cli.Error}");
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("pdata emulator did not start: " + cli.Error);
            }

            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Rate_limit_5_answers_the_sixth_request_in_a_minute_with_429_and_retry_after()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();
        var run = cli.RunAsync(stop.Token, "emulator", "--port", "0", "--rate-limit", "5");
        var url = await WaitForUrlAsync(cli, run);
        using var http = new HttpClient { BaseAddress = url };
        var token = await TokenAsync(http, "pdata-emulator", "pdata-emulator-secret");
        var call = SeededId().Match(cli.Out).Groups[1].Value;

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? sixth = null;
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v2/conversations/{call}");
            request.Headers.Authorization = new("Bearer", token);
            var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (i == 5)
            {
                sixth = response;
            }
            else
            {
                response.Dispose();
            }
        }

        statuses.ShouldBe([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests]);
        sixth!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        JsonNode.Parse(await sixth.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().ShouldBe("too.many.requests");
        cli.Out.ShouldContain("Rate limit:          5 requests per OAuth client per minute");
        sixth.Dispose();
        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task The_example_configuration_gives_a_client_without_the_view_permission_403()
    {
        var cli = new CliRunner();
        using var stop = new CancellationTokenSource();
        var config = Path.Combine(ReadmeTests.RepositoryRoot(), "examples", "emulator.yaml");
        var run = cli.RunAsync(stop.Token, "emulator", "--config", config, "--port", "0", "--token-lifetime", "30s");
        var url = await WaitForUrlAsync(cli, run);
        using var http = new HttpClient { BaseAddress = url };
        var crm = await TokenAsync(http, "crm-sync", "crm-sync-secret", expiresIn: 30);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/conversations/7c9e6679-7425-40de-944b-e07fc1f90ae7");
        request.Headers.Authorization = new("Bearer", crm);
        using var denied = await http.SendAsync(request);
        var environment = new System.Collections.Hashtable
        {
            ["GENESYSCLOUD_API_URL"] = url.ToString(),
            ["GENESYSCLOUD_OAUTHCLIENT_ID"] = "crm-sync",
            ["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "crm-sync-secret",
        };
        var pdata = new CliRunner(environment);
        var exit = await pdata.RunAsync("conversation", "get", "7c9e6679-7425-40de-944b-e07fc1f90ae7");

        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode.Parse(await denied.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().ShouldBe("missing.permissions");
        exit.ShouldBe(4);
        pdata.Error.ShouldContain("conversation:communication:view");
        cli.Out.ShouldContain("OAuth client crm-sync: conversation:participant:wrapup");
        cli.Out.ShouldContain("    customer  16fd2706-8baf-433b-82eb-8c7fada847da  Ada");
        await stop.CancelAsync();
        (await run).ShouldBe(0);
    }

    [Fact]
    public async Task A_bad_configuration_file_is_a_usage_error_saying_where()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, "clients:\n  - {id: a, secret: b, permissions: admin}\n");
        var cli = new CliRunner();
        try
        {
            (await cli.RunAsync("emulator", "--config", file, "--port", "0")).ShouldBe(2);
        }
        finally
        {
            File.Delete(file);
        }

        cli.Error.ShouldContain($"error: {Path.GetFileName(file)}: clients[0].permissions: must be a list of permission strings");
        cli.Error.ShouldContain("hint: Fix the file at that place");
        (await new CliRunner().RunAsync("emulator", "--config", "missing.yaml")).ShouldBe(2);
    }

    private static async Task<string> TokenAsync(HttpClient http, string id, string secret, int? expiresIn = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{id}:{secret}")));
        using var response = await http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (expiresIn is { } seconds)
        {
            json["expires_in"]!.GetValue<long>().ShouldBe(seconds);
        }

        return json["access_token"]!.GetValue<string>();
    }

    internal static async Task<Uri> WaitForUrlAsync(CliRunner cli, Task<int> run)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"pdata emulator exited early ({await run}): {cli.Error}");
            }

            var match = ListeningOn().Match(cli.Out);
            if (match.Success && (cli.Out.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal) || cli.Error.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal)))
            {
                return new Uri(match.Groups[1].Value);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("pdata emulator did not print its URL");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/?)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"^  call +([0-9a-f-]{36})$", RegexOptions.Multiline)]
    private static partial Regex SeededId();
}
