using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Doctor;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Against_the_emulator_every_check_passes()
    {
        await using var host = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(host);

        (await cli.RunAsync("doctor")).ShouldBe(0, cli.Out + cli.Error);

        var lines = cli.Out.TrimEnd().Split('\n');
        lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).SkipLast(1).ShouldBe(["settings", "reachable", "login", "permissions", "clock"]);
        lines.SkipLast(1).ShouldAllBe(l => l.StartsWith("OK ", StringComparison.Ordinal));
        cli.Out.ShouldContain("allowed: read conversations (conversation:communication:view), write participant attributes");
        lines[^1].ShouldBe("Verdict: ready: pdata can read and write participant data.");
    }

    [Fact]
    public async Task A_client_without_the_view_permission_fails_the_permissions_check_naming_it()
    {
        var options = new EmulatorOptions();
        options.Clients.Clear();
        options.Clients.Add(new EmulatorOAuthClient("writer-only", "s3cret", ["conversation:participant:wrapup"]));
        await using var host = await EmulatorHost.StartAsync(options);
        var cli = CliRunner.For(host);

        (await cli.RunAsync("doctor")).ShouldBe(4, cli.Out);

        cli.Out.ShouldContain("FAIL  permissions missing for read conversations (conversation:communication:view): conversation:communication:view");
        cli.Out.ShouldContain("roles decide, not scopes");
        cli.Out.ShouldContain("Verdict: not ready: permissions failed");
        cli.Out.ShouldNotContain("s3cret");
    }

    [Fact]
    public async Task A_wrong_secret_fails_login_with_exit_3()
    {
        await using var host = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(host, host.DefaultClient with { ClientSecret = "not-the-secret-42" });

        (await cli.RunAsync("doctor")).ShouldBe(3, cli.Out);

        cli.Out.ShouldContain("FAIL  login");
        cli.Out.ShouldContain("SKIP  permissions not checked: login failed");
        cli.Out.ShouldNotContain("not-the-secret-42");
    }

    [Fact]
    public async Task Without_settings_it_says_commands_would_run_on_the_embedded_emulator()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("doctor")).ShouldBe(3);

        cli.Out.ShouldContain("FAIL  settings    no GENESYSCLOUD_* variables and no --api-url: pdata commands run on a fresh embedded emulator");
        cli.Out.ShouldContain("export GENESYSCLOUD_API_URL=http://127.0.0.1:5080");
        cli.Out.ShouldContain("SKIP  reachable");
    }

    [Fact]
    public async Task An_api_that_never_answers_gives_a_verdict_within_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never answers
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var cli = new CliRunner(new Hashtable { ["GENESYSCLOUD_API_URL"] = $"http://127.0.0.1:{port}" });

        var run = cli.RunAsync("doctor", "--timeout", "500ms");
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));

        finished.ShouldBe(run, "doctor must stop at its timeout, not wait for the server");
        (await run).ShouldBe(5);
        cli.Out.ShouldContain($"FAIL  reachable   http://127.0.0.1:{port} cannot be reached: no answer within 500 ms");
        cli.Out.ShouldContain("Verdict: not ready: reachable failed");
    }

    [Fact]
    public async Task An_unknown_region_fails_the_settings_check()
    {
        var cli = new CliRunner(new Hashtable
        {
            ["GENESYSCLOUD_REGION"] = "mars-1",
            ["GENESYSCLOUD_OAUTHCLIENT_ID"] = "id",
            ["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "secret",
        });

        (await cli.RunAsync("doctor")).ShouldBe(3);

        cli.Out.ShouldContain("FAIL  settings");
        cli.Out.ShouldContain("unknown region 'mars-1'");
    }

    [Fact]
    public async Task Json_lists_the_checks_and_the_verdict()
    {
        await using var host = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(host);

        (await cli.RunAsync("doctor", "--json")).ShouldBe(0);

        using var json = JsonDocument.Parse(cli.Out);
        json.RootElement.GetProperty("ready").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ShouldAllBe(s => s == "ok");
        json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["settings", "reachable", "login", "permissions", "clock"]);
    }
}
