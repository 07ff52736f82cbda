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
        cli.Out.ShouldContain("OAuth client secret: my-secret");
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

    private static async Task<Uri> WaitForUrlAsync(CliRunner cli, Task<int> run)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"pdata emulator exited early ({await run}): {cli.Error}");
            }

            var match = ListeningOn().Match(cli.Out);
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("pdata emulator did not print its URL");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/?)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"Seeded call conversation: ([0-9a-f-]{36})")]
    private static partial Regex SeededId();
}
