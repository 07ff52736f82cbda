using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Output;

public sealed partial class JsonOutputTests
{
    [Fact]
    public async Task Json_output_is_plain_utf8()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true });
        var call = host.Conversations[0].Id;
        var cli = CliRunner.For(host);

        (await cli.RunAsync("attributes", "set", call, "name=Zoë", "city=日本語", "query=a=1&b=2", "--json")).ShouldBe(0, cli.Error);

        cli.Out.ShouldContain("\"name\": \"Zoë\"");
        cli.Out.ShouldContain("\"city\": \"日本語\"");
        cli.Out.ShouldContain("\"query\": \"a=1&b=2\"");
        cli.Out.ShouldNotContain("\\u");
    }

    [Fact]
    public async Task Timestamps_are_in_the_platform_s_own_form()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true });
        var cli = CliRunner.For(host);

        (await cli.RunAsync("conversation", "get", host.Conversations[0].Id, "--json")).ShouldBe(0, cli.Error);

        using var json = JsonDocument.Parse(cli.Out);
        PlatformTimestamp().IsMatch(json.RootElement.GetProperty("startTime").GetString()!).ShouldBeTrue(cli.Out);
    }

    public static TheoryData<string[], string, int, string> Failures() => new()
    {
        { ["conversation", "get", "not-a-uuid", "--json"], "conversation get", 2, "usage" },
        { ["attributes", "get", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "--json"], "attributes get", 4, "not.found" },
        { ["attributes", "set", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "novalue", "--json"], "attributes set", 2, "usage" },
        { ["eval", "Append(\"a\" \"b\")", "--json"], "eval", 2, "syntax.error" },
        { ["eval", "Flow.x == 1", "--json"], "eval", 2, "type.error" },
        { ["check", "missing-rules.yaml", "--attributes", "a.json", "--json"], "check", 2, "usage" },
        { ["demo", "--json", "--nope"], "demo", 2, "usage" },
        { ["watch", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "--json"], "watch", 4, "not.found" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_command_fails_with_the_same_json_envelope(string[] args, string command, int exitCode, string code)
    {
        var cli = new CliRunner();

        (await cli.RunAsync(args)).ShouldBe(exitCode, cli.Out + cli.Error);

        using var json = JsonDocument.Parse(cli.Out);
        var error = json.RootElement.GetProperty("error");
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["error"]);
        error.GetProperty("command").GetString().ShouldBe(command);
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        error.GetProperty("code").GetString().ShouldBe(code);
        error.GetProperty("exitCode").GetInt32().ShouldBe(exitCode);
        error.GetProperty("hint").GetString().ShouldNotBeNullOrWhiteSpace();
        cli.Error.ShouldNotContain("error:"); // not twice
    }

    [Fact]
    public async Task An_api_error_envelope_carries_the_status_and_context_id()
    {
        await using var host = await EmulatorHost.StartAsync();
        var cli = CliRunner.For(host);

        (await cli.RunAsync("conversation", "get", Guid.NewGuid().ToString(), "--json")).ShouldBe(4);

        using var json = JsonDocument.Parse(cli.Out);
        var error = json.RootElement.GetProperty("error");
        error.GetProperty("status").GetInt32().ShouldBe(404);
        error.GetProperty("contextId").GetString().ShouldNotBeNullOrEmpty();
        error.GetProperty("hint").GetString()!.ShouldContain("Check the conversation and participant ids");
    }

    [Fact]
    public async Task The_emulator_s_errors_come_in_the_envelope_too()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var cli = new CliRunner();

        (await cli.RunAsync("emulator", "--port", ((IPEndPoint)blocker.LocalEndpoint).Port.ToString(), "--json")).ShouldBe(3);

        using var json = JsonDocument.Parse(cli.Out);
        json.RootElement.GetProperty("error").GetProperty("code").GetString().ShouldBe("configuration");
        json.RootElement.GetProperty("error").GetProperty("command").GetString().ShouldBe("emulator");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex PlatformTimestamp();
}
