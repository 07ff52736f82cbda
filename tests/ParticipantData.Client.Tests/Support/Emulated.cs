using System.Text.Json;
using ParticipantData.Emulator;

namespace ParticipantData.Client.Tests.Support;

/// <summary>Starts an emulator on 127.0.0.1:0 and clients connected to it.</summary>
internal static class Emulated
{
    public static Task<EmulatorHost> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        return EmulatorHost.StartAsync(options);
    }

    public static ParticipantDataClientOptions OptionsFor(EmulatorHost host, Action<ParticipantDataClientOptions>? configure = null)
    {
        var options = new ParticipantDataClientOptions
        {
            ApiUrl = host.BaseUri,
            ClientId = host.DefaultClient.ClientId,
            ClientSecret = host.DefaultClient.ClientSecret,
            UseJitter = false,
        };
        configure?.Invoke(options);
        return options;
    }

    public static ParticipantDataClient ClientFor(
        EmulatorHost host,
        Action<ParticipantDataClientOptions>? configure = null,
        TimeProvider? time = null,
        HttpMessageHandler? handler = null) =>
        new(OptionsFor(host, configure), handler is null ? null : new HttpClient(handler), time);

    /// <summary>The emulator's request journal: (method, path, status) of each recorded request, oldest first.</summary>
    public static async Task<List<(string Method, string Path, int Status)>> JournalAsync(EmulatorHost host)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseUri, "/emulator/v1/requests")));
        var entries = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("entities");
        return entries.EnumerateArray()
            .Select(e => (e.GetProperty("method").GetString()!, e.GetProperty("path").GetString()!, e.GetProperty("status").GetInt32()))
            .ToList();
    }
}
