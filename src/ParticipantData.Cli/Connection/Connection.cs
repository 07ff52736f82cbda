using System.Net;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using ParticipantData.Emulator;

namespace ParticipantData.Cli.Connection;

/// <summary>
/// A client connected the way DESIGN.md says: the <c>GENESYSCLOUD_*</c> variables or <c>--api-url</c>; with none
/// of them, an embedded emulator seeded with a call and a web-messaging conversation.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    private Connection(ParticipantDataClient client, EmulatorHost? embedded)
    {
        Client = client;
        Embedded = embedded;
    }

    public ParticipantDataClient Client { get; }

    /// <summary>The embedded emulator, when no connection settings were given.</summary>
    public EmulatorHost? Embedded { get; }

    public static async Task<Connection> OpenAsync(CliContext cli, Uri? apiUrl, CancellationToken cancellationToken)
    {
        var options = ParticipantDataClientOptions.FromEnvironment(cli.Environment);
        if (apiUrl is not null)
        {
            options.ApiUrl = apiUrl;
        }

        if (!options.HasConnectionSettings)
        {
            var host = await EmulatorHost.StartAsync(new EmulatorOptions { SeedConversations = true }, cancellationToken).ConfigureAwait(false);
            var seeded = string.Join(", ", host.Conversations.Select(c => $"{c.MediaType} {c.Id}"));
            cli.EmbeddedEmulator = host.BaseUri;
            cli.NoticeOncePerSession("embedded-emulator",
                $"No GENESYSCLOUD_* settings or --api-url: using a fresh embedded emulator at {host.BaseUri} (seeded: {seeded}); it ends with the command. " +
                "Shown once per shell session (--verbose: always, --quiet: never).");
            return new Connection(ClientFor(host), host);
        }

        if (options.ClientId is null && options.ClientSecret is null && options.ApiUrl is { } url && IsLoopback(url))
        {
            // A local emulator started with `pdata emulator` accepts its default client unless told otherwise.
            options.ClientId = EmulatorOAuthClient.Default.ClientId;
            options.ClientSecret = EmulatorOAuthClient.Default.ClientSecret;
            cli.NoticeOncePerSession("default-client-" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"No {ParticipantDataClientOptions.ClientIdVariable} set: using the emulator's default client '{options.ClientId}' for {url}.");
        }

        if (options.ClientId is null || options.ClientSecret is null)
        {
            throw new ConfigurationException(
                $"Connection settings are incomplete: {ParticipantDataClientOptions.ClientIdVariable} and {ParticipantDataClientOptions.ClientSecretVariable} must both be set.",
                $"Set both (and {ParticipantDataClientOptions.RegionVariable}, e.g. us-east-1, or --api-url), or unset all GENESYSCLOUD_* variables to use the embedded emulator.");
        }

        try
        {
            return new Connection(new ParticipantDataClient(options), null);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(e.Message, "Fix the GENESYSCLOUD_* variables or --api-url.");
        }
    }

    public static ParticipantDataClient ClientFor(EmulatorHost host) => new(new ParticipantDataClientOptions
    {
        ApiUrl = host.BaseUri,
        ClientId = host.DefaultClient.ClientId,
        ClientSecret = host.DefaultClient.ClientSecret,
    });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
}
