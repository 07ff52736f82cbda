using System.Net;
using System.Net.Sockets;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Hosting;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task Starts_on_a_free_loopback_port_by_default()
    {
        await using var host = await EmulatorHost.StartAsync();

        host.BaseUri.Host.ShouldBe("127.0.0.1");
        host.BaseUri.Port.ShouldBeGreaterThan(0);
        host.BaseUri.AbsolutePath.ShouldBe("/");
        host.DefaultClient.ShouldBe(EmulatorOAuthClient.Default);
        host.DefaultClient.ClientId.ShouldBe("pdata-emulator");
        host.DefaultClient.ClientSecret.ShouldBe("pdata-emulator-secret");
        host.DefaultClient.Permissions.ShouldBe(["*"]);
        host.Conversations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Starts_on_a_fixed_port()
    {
        var port = FreePort();

        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = port });

        host.BaseUri.ShouldBe(new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient();
        using var health = await http.GetAsync(new Uri(host.BaseUri, "/emulator/v1/health"));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_port_in_use_fails_with_a_message_naming_the_port()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;

        var error = await Should.ThrowAsync<IOException>(() => EmulatorHost.StartAsync(new EmulatorOptions { Port = port }));

        error.Message.ShouldBe(
            $"The emulator cannot listen on 127.0.0.1:{port}: port {port} is already in use. Stop whatever holds it or choose another port (0 picks a free one).");
    }

    [Fact]
    public async Task Seed_creates_one_call_and_one_web_messaging_conversation()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true });

        host.Conversations.Select(c => c.MediaType).ShouldBe(["call", "message"]);
        host.Conversations[0].Participants.Select(p => p.Purpose).ShouldBe(["customer", "ivr", "acd"]);
    }

    [Fact]
    public async Task CreateConversationAsync_is_the_admin_create_and_is_visible_over_http()
    {
        await using var emu = await TestEmulator.StartAsync();

        var created = await emu.Host.CreateConversationAsync(new NewConversation("callback",
            [new NewParticipant("customer", "Ada", new Dictionary<string, string> { ["k"] = "v" }, "tel:+15550001111"), new NewParticipant("acd")]));

        created.MediaType.ShouldBe("callback");
        created.Ended.ShouldBeFalse();
        created.Participants.Select(p => p.Purpose).ShouldBe(["customer", "acd"]);
        created.Participants[0].Name.ShouldBe("Ada");
        created.Participants[0].Attributes["k"].ShouldBe("v");
        using var get = await emu.GetAsync("/api/v2/conversations/callbacks/" + created.Id);
        var body = await get.JsonObjectAsync();
        body["participants"]![0]!["address"].Str().ShouldBe("tel:+15550001111");
        body["participants"]![0]!["callbackNumbers"]![0].Str().ShouldBe("+15550001111");
    }

    [Fact]
    public async Task CreateConversationAsync_rejects_an_unknown_media_type()
    {
        await using var host = await EmulatorHost.StartAsync();

        var error = await Should.ThrowAsync<ArgumentException>(() => host.CreateConversationAsync(new NewConversation("fax")));

        error.Message.ShouldContain("Allowable values are: call, message, email, callback");
    }

    [Fact]
    public async Task DisconnectConversationAsync_ends_it_and_unknown_ids_throw()
    {
        await using var host = await EmulatorHost.StartAsync();
        var created = await host.CreateConversationAsync();

        await host.DisconnectConversationAsync(created.Id);

        host.Conversations.Single().Ended.ShouldBeTrue();
        await Should.ThrowAsync<KeyNotFoundException>(() => host.DisconnectConversationAsync("nope"));
    }

    [Fact]
    public async Task Options_changed_after_start_change_nothing()
    {
        var options = new EmulatorOptions();
        await using var host = await EmulatorHost.StartAsync(options);
        options.Clients.Clear();
        options.TokenLifetime = TimeSpan.FromSeconds(1);

        host.DefaultClient.ShouldBe(EmulatorOAuthClient.Default);
    }

    [Fact]
    public async Task Stop_then_dispose_is_clean_and_the_port_is_released()
    {
        var host = await EmulatorHost.StartAsync();
        var port = host.BaseUri.Port;

        await host.StopAsync();
        await host.DisposeAsync();

        await using var again = await EmulatorHost.StartAsync(new EmulatorOptions { Port = port });
        again.BaseUri.Port.ShouldBe(port);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_at_start()
    {
        var noClients = new EmulatorOptions();
        noClients.Clients.Clear();
        var duplicate = new EmulatorOptions();
        duplicate.Clients.Add(EmulatorOAuthClient.Default);

        (await Should.ThrowAsync<ArgumentException>(() => EmulatorHost.StartAsync(noClients))).Message.ShouldContain("at least one OAuth client");
        (await Should.ThrowAsync<ArgumentException>(() => EmulatorHost.StartAsync(duplicate))).Message.ShouldContain("configured twice");
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => EmulatorHost.StartAsync(new EmulatorOptions { Port = 70000 }));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => EmulatorHost.StartAsync(new EmulatorOptions { TokenLifetime = TimeSpan.Zero }));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
