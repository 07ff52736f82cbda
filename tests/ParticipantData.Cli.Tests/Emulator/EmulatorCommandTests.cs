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
