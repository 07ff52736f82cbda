using System.Net.Http.Json;
using System.Text.Json;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Cli.Tests.Watch;

public sealed class WatchCommandTests
{
    private const string Watching = "Watching attribute changes of conversation";

    [Fact]
    public async Task Json_mode_writes_one_event_per_line_with_who_when_what_and_the_previous_value()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var customer = conversation.Participants.Single(p => p.Purpose == "customer");
        var watcher = CliRunner.For(host);
        using var stop = new CancellationTokenSource();

        var run = watcher.RunAsync(stop.Token, "watch", conversation.Id, "--json");
        await UntilAsync(() => watcher.Error.Contains(Watching, StringComparison.Ordinal), run);
        await SetAsync(host, conversation.Id, "loyalty_tier=silver");
        await SetAsync(host, conversation.Id, "loyalty_tier=gold", "case=42");
        await UntilAsync(() => Lines(watcher).Count == 2, run);
        await stop.CancelAsync();

        (await run.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBe(130, watcher.Error); // Ctrl+C
        var lines = Lines(watcher);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        first.RootElement.GetProperty("conversationId").GetString().ShouldBe(conversation.Id);
        first.RootElement.GetProperty("participantId").GetString().ShouldBe(customer.Id);
        first.RootElement.GetProperty("purpose").GetString().ShouldBe("customer");
        first.RootElement.GetProperty("attributes").GetProperty("loyalty_tier").GetString().ShouldBe("silver");
        first.RootElement.TryGetProperty("previous", out _).ShouldBeFalse();
        DateTimeOffset.Parse(first.RootElement.GetProperty("eventTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        second.RootElement.GetProperty("attributes").GetProperty("case").GetString().ShouldBe("42");
        second.RootElement.GetProperty("previous").GetProperty("loyalty_tier").GetString().ShouldBe("silver");
        second.RootElement.GetProperty("previous").TryGetProperty("case", out _).ShouldBeFalse();
        watcher.Error.ShouldContain("Stopped watching.");
    }

    [Fact]
    public async Task Text_mode_shows_the_participants_then_each_change_with_time_participant_key_and_old_and_new_values()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call", [
            new NewParticipant("customer", "Ada", new Dictionary<string, string> { ["loyalty_tier"] = "silver" }),
            new NewParticipant("agent", "Bob")]));
        var agent = conversation.Participants.Single(p => p.Purpose == "agent");
        var watcher = CliRunner.For(host);
        using var stop = new CancellationTokenSource();

        var run = watcher.RunAsync(stop.Token, "watch", conversation.Id);
        await UntilAsync(() => watcher.Error.Contains(Watching, StringComparison.Ordinal), run);
        await SetAsync(host, conversation.Id, "loyalty_tier=gold");
        await SetAsync(host, conversation.Id, "--participant", agent.Id, "wrapup=sale");
        await UntilAsync(() => watcher.Out.Contains("wrapup", StringComparison.Ordinal), run);
        await stop.CancelAsync();

        (await run.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBe(130, watcher.Error); // Ctrl+C
        watcher.Out.ShouldContain($"Conversation {conversation.Id}");
        watcher.Out.ShouldContain("customer (Ada)");
        watcher.Out.ShouldContain("loyalty_tier=silver");
        watcher.Out.ShouldMatch(@"\d\d:\d\d:\d\d\.\d\d\d  customer \(Ada\)  loyalty_tier: silver → gold");
        watcher.Out.ShouldMatch(@"\d\d:\d\d:\d\d\.\d\d\d  agent \(Bob\)  wrapup: \(new\) sale");
    }

    [Fact]
    public async Task It_reconnects_silently_and_shows_changes_made_after_the_reconnect()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("message"));
        var watcher = CliRunner.For(host);
        using var admin = new HttpClient { BaseAddress = host.BaseUri };
        using var stop = new CancellationTokenSource();

        var run = watcher.RunAsync(stop.Token, "watch", conversation.Id, "--json");
        await UntilAsync(() => watcher.Error.Contains(Watching, StringComparison.Ordinal), run);
        var channel = (await ChannelsAsync(admin)).Single();
        var errorsBefore = watcher.Error;
        (await admin.PostAsync($"/emulator/v1/notifications/channels/{channel.GetProperty("id").GetString()}/socket-closing", null)).EnsureSuccessStatusCode();
        await UntilAsync(async () => (await ChannelsAsync(admin)).Single() is var c && c.GetProperty("connections").GetInt32() == 2 && c.GetProperty("connected").GetBoolean(), run);
        await SetAsync(host, conversation.Id, "after=reconnect");
        await UntilAsync(() => Lines(watcher).Count == 1, run);
        await stop.CancelAsync();

        (await run.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBe(130, watcher.Error); // Ctrl+C
        using var line = JsonDocument.Parse(Lines(watcher)[0]);
        line.RootElement.GetProperty("attributes").GetProperty("after").GetString().ShouldBe("reconnect");
        watcher.Error.ShouldBe(errorsBefore + "Stopped watching." + Environment.NewLine);
    }

    [Fact]
    public async Task An_unknown_conversation_exits_4_with_the_platforms_404_and_opens_no_channel()
    {
        await using var host = await EmulatorHost.StartAsync();
        var watcher = CliRunner.For(host);
        using var admin = new HttpClient { BaseAddress = host.BaseUri };

        var code = await watcher.RunAsync("watch", Guid.NewGuid().ToString());

        code.ShouldBe(4);
        watcher.Error.ShouldContain("error:");
        watcher.Error.ShouldContain("404");
        watcher.Error.ShouldContain("contextId:");
        watcher.Error.ShouldNotContain(host.DefaultClient.ClientSecret);
        (await ChannelsAsync(admin)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_malformed_conversation_id_exits_2_saying_what_an_id_looks_like()
    {
        var watcher = new CliRunner();

        (await watcher.RunAsync("watch", "guest")).ShouldBe(2);

        watcher.Error.ShouldContain("'guest' is not a conversation id.");
        watcher.Error.ShouldContain("UUIDs");
    }

    [Fact]
    public async Task Watch_reports_the_end_of_the_conversation_and_exits_0()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var watcher = CliRunner.For(host);

        var run = watcher.RunAsync("watch", conversation.Id);
        await UntilAsync(() => watcher.Error.Contains(Watching, StringComparison.Ordinal), run);
        await host.DisconnectConversationAsync(conversation.Id);

        (await run.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe(0, watcher.Error);
        watcher.Error.ShouldContain($"Conversation {conversation.Id} ended at ");
    }

    [Fact]
    public async Task Follow_keeps_watching_after_the_end_until_ctrl_c()
    {
        // Writes after the end are accepted here, so that a change after the end shows that the watch went on.
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { EndedConversationWrites = EndedConversationWrites.Accept });
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var watcher = CliRunner.For(host);
        using var stop = new CancellationTokenSource();

        var run = watcher.RunAsync(stop.Token, "watch", conversation.Id, "--follow", "--json");
        await UntilAsync(() => watcher.Error.Contains(Watching, StringComparison.Ordinal), run);
        await host.DisconnectConversationAsync(conversation.Id);
        await SetAsync(host, conversation.Id, "after=end");
        await UntilAsync(() => Lines(watcher).Count == 1, run);
        await stop.CancelAsync();

        (await run.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBe(130);
        Lines(watcher).Single().ShouldContain("\"after\":\"end\"");
        watcher.Error.ShouldNotContain("ended at");
    }

    [Fact]
    public async Task Purpose_filter_and_count_stop_after_the_wanted_changes()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var watcher = CliRunner.For(host);

        var run = watcher.RunAsync("watch", conversation.Id, "--purpose", "customer", "--count", "2", "--json");
        await UntilAsync(() => watcher.Error.Contains(Watching, StringComparison.Ordinal), run);
        await SetAsync(host, conversation.Id, "--purpose", "ivr", "step=1");
        await SetAsync(host, conversation.Id, "tier=silver");
        await SetAsync(host, conversation.Id, "--purpose", "ivr", "step=2");
        await SetAsync(host, conversation.Id, "tier=gold");

        (await run.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe(0, watcher.Error);
        var lines = Lines(watcher);
        lines.Count.ShouldBe(2);
        lines.ShouldAllBe(l => l.Contains("\"purpose\":\"customer\"", StringComparison.Ordinal));
        watcher.Error.ShouldContain("Shown 2 changes (--count); stopped watching.");
    }

    [Fact]
    public async Task Timeout_stops_a_watch_that_saw_too_little_with_exit_5()
    {
        await using var host = await EmulatorHost.StartAsync();
        var conversation = await host.CreateConversationAsync(new NewConversation("call"));
        var watcher = CliRunner.For(host);

        var code = await watcher.RunAsync("watch", conversation.Id, "--count", "1", "--timeout", "1s").WaitAsync(TimeSpan.FromSeconds(20));

        code.ShouldBe(5);
        watcher.Error.ShouldContain("error: pdata watch did not finish within 1 s (--timeout).");
    }

    private static Task SetAsync(EmulatorHost host, string conversationId, params string[] args)
    {
        var writer = CliRunner.For(host);
        return writer.RunAsync(["attributes", "set", conversationId, .. args]).ContinueWith(t => t.Result.ShouldBe(0, writer.Error), TaskScheduler.Default);
    }

    private static List<string> Lines(CliRunner runner) =>
        runner.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static async Task<List<JsonElement>> ChannelsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/emulator/v1/notifications/channels")).GetProperty("entities").EnumerateArray().ToList();

    private static Task UntilAsync(Func<bool> condition, Task<int> run) => UntilAsync(() => Task.FromResult(condition()), run);

    /// <summary>Waits for the watcher to reach a point (polling its output), failing at once if it exited instead.</summary>
    private static Task UntilAsync(Func<Task<bool>> condition, Task<int> run) =>
        Eventually.HoldsAsync(condition, () => "the watcher reached the point", TimeSpan.FromSeconds(15),
            giveUp: () => run.IsCompleted ? $"pdata watch exited with {run.Result} before the condition held." : null);
}
