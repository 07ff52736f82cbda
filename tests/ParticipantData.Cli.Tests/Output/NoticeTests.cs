using ParticipantData.Emulator;

namespace ParticipantData.Cli.Tests.Output;

/// <summary>The notices about the embedded emulator and the default client: once per shell session, always with --verbose, never with --quiet.</summary>
public sealed class NoticeTests
{
    private const string Embedded = "using a fresh embedded emulator";

    [Fact]
    public async Task The_embedded_emulator_notice_shows_once_per_shell_session()
    {
        var session = CliRunner.NewSession();
        var first = new CliRunner(session: session);
        var second = new CliRunner(session: session);
        var otherShell = new CliRunner();

        (await first.RunAsync("attributes", "get", Guid.NewGuid().ToString())).ShouldBe(4);
        (await second.RunAsync("attributes", "get", Guid.NewGuid().ToString())).ShouldBe(4);
        (await otherShell.RunAsync("attributes", "get", Guid.NewGuid().ToString())).ShouldBe(4);

        first.Error.ShouldContain(Embedded);
        first.Error.ShouldContain("Shown once per shell session (--verbose: always, --quiet: never).");
        second.Error.ShouldNotContain(Embedded);
        otherShell.Error.ShouldContain(Embedded);
    }

    [Fact]
    public async Task Verbose_shows_the_notice_every_time_and_quiet_never()
    {
        var session = CliRunner.NewSession();
        var first = new CliRunner(session: session);
        var verbose = new CliRunner(session: session);
        var quiet = new CliRunner(session: CliRunner.NewSession());

        await first.RunAsync("conversation", "get", Guid.NewGuid().ToString());
        await verbose.RunAsync("conversation", "get", Guid.NewGuid().ToString(), "--verbose");
        await quiet.RunAsync("conversation", "get", Guid.NewGuid().ToString(), "--quiet");

        first.Error.ShouldContain(Embedded);
        verbose.Error.ShouldContain(Embedded);
        quiet.Error.ShouldNotContain(Embedded);
        quiet.Error.ShouldContain("error: "); // --quiet silences notices, not errors
    }

    [Fact]
    public async Task The_default_client_notice_shows_once_per_session_for_a_loopback_url()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true });
        var call = host.Conversations[0].Id;
        var environment = new System.Collections.Hashtable { ["GENESYSCLOUD_API_URL"] = host.BaseUri.ToString() };
        var session = CliRunner.NewSession();
        var first = new CliRunner(environment, session);
        var second = new CliRunner(environment, session);

        (await first.RunAsync("conversation", "get", call)).ShouldBe(0, first.Error);
        (await second.RunAsync("conversation", "get", call)).ShouldBe(0, second.Error);

        first.Error.ShouldContain("using the emulator's default client 'pdata-emulator'");
        second.Error.ShouldBeEmpty();
    }
}
