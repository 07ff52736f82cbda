using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using ParticipantData.Client.Tests.Support;
using ParticipantData.Emulator;
using ParticipantData.Testing;

namespace ParticipantData.Client.Tests.Notifications;

/// <summary>An emulator, a client and a notifications client on one (optionally manual) clock, with a record of connection changes.</summary>
internal sealed class NotificationHarness : IAsyncDisposable
{
    /// <summary>Bounds every wait so a broken implementation fails instead of hanging.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private readonly Channel<NotificationConnectionChangedEventArgs> _changes = Channel.CreateUnbounded<NotificationConnectionChangedEventArgs>();

    private NotificationHarness(EmulatorHost host, ParticipantDataClient client, NotificationsClient notifications, ManualTimeProvider? clock)
    {
        Host = host;
        Client = client;
        Notifications = notifications;
        Clock = clock;
        Admin = new HttpClient { BaseAddress = host.BaseUri };
        notifications.ConnectionChanged += (_, e) => _changes.Writer.TryWrite(e);
    }

    public EmulatorHost Host { get; }

    public ParticipantDataClient Client { get; }

    public NotificationsClient Notifications { get; }

    public ManualTimeProvider? Clock { get; }

    public HttpClient Admin { get; }

    public static async Task<NotificationHarness> StartAsync(
        bool manualClock = false,
        Action<EmulatorOptions>? emulator = null,
        Action<NotificationsClientOptions>? options = null)
    {
        var clock = manualClock ? new ManualTimeProvider() : null;
        var host = await Emulated.StartAsync(o =>
        {
            if (clock is not null)
            {
                o.TimeProvider = clock;
            }

            emulator?.Invoke(o);
        });
        var client = Emulated.ClientFor(host, time: clock);
        var notificationOptions = new NotificationsClientOptions { UseJitter = false };
        options?.Invoke(notificationOptions);
        return new NotificationHarness(host, client, new NotificationsClient(client, notificationOptions), clock);
    }

    /// <summary>The next connection change that satisfies <paramref name="match"/> (earlier ones are skipped).</summary>
    public async Task<NotificationConnectionChangedEventArgs> NextChangeAsync(Func<NotificationConnectionChangedEventArgs, bool> match)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (true)
        {
            var change = await _changes.Reader.ReadAsync(bound.Token);
            if (match(change))
            {
                return change;
            }
        }
    }

    /// <summary>The next successful reconnection (the first connect is skipped).</summary>
    public Task<NotificationConnectionChangedEventArgs> NextReconnectedAsync() =>
        NextChangeAsync(c => c.State == NotificationConnectionState.Connected && c.Reconnects > 0);

    public Task<NotificationConnectionChangedEventArgs> NextReconnectingAsync() => NextChangeAsync(c => c.State == NotificationConnectionState.Reconnecting);

    public async Task WriteAsync(EmulatedConversation conversation, string purpose, string key, string value)
    {
        var participant = conversation.Participants.First(p => p.Purpose == purpose);
        await Client.SetParticipantAttributesAsync(ConversationId.Parse(conversation.Id), ParticipantSelector.ById(ParticipantId.Parse(participant.Id)),
            new Dictionary<string, string> { [key] = value });
    }

    public async Task<HttpResponseMessage> FaultAsync(string fault, string? channelId = null)
    {
        var response = await Admin.PostAsync($"/emulator/v1/notifications/channels/{channelId ?? Notifications.ChannelId}/{fault}", null);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>The emulator's view of a channel: (connected, topics); null when it no longer exists.</summary>
    public async Task<(bool Connected, List<string> Topics)?> ChannelViewAsync(string channelId)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync("/emulator/v1/notifications/channels"));
        foreach (var entity in doc.RootElement.GetProperty("entities").EnumerateArray())
        {
            if (entity.GetProperty("id").GetString() == channelId)
            {
                return (entity.GetProperty("connected").GetBoolean(),
                    entity.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToList());
            }
        }

        return null;
    }

    public async Task<HttpResponseMessage> CreateRawChannelAsync()
    {
        using var token = await Admin.PostAsync("/oauth/token", new FormUrlEncodedContent([
            new("grant_type", "client_credentials"), new("client_id", Host.DefaultClient.ClientId), new("client_secret", Host.DefaultClient.ClientSecret)]));
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/notifications/channels");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return await Admin.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Notifications.DisposeAsync();
        Client.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}

internal static class SubscriptionReading
{
    /// <summary>The next attribute update (bounded wait).</summary>
    public static async Task<AttributeUpdateEvent> NextUpdateAsync(this IAsyncEnumerator<AttributeUpdateEvent> updates)
    {
        (await updates.MoveNextAsync().AsTask().WaitAsync(NotificationHarness.Bound)).ShouldBeTrue("the subscription ended");
        return updates.Current;
    }

    public static async Task<NotificationEvent> NextAsync(this IAsyncEnumerator<NotificationEvent> events)
    {
        (await events.MoveNextAsync().AsTask().WaitAsync(NotificationHarness.Bound)).ShouldBeTrue("the subscription ended");
        return events.Current;
    }
}
